/// What kube-controller-manager remembers about one HPA between syncs (its `recommendations`,
/// `scaleUpEvents` and `scaleDownEvents` maps), and the steps of one reconcile that touch it.
/// Ages are compared as `HPAControllerRules` explains: an entry exactly a window or period old
/// is outside it.
public struct HPAControllerState: Sendable, Hashable {
    /// nil until the first reconcile, which records the current replica count as a
    /// recommendation (recordInitialRecommendation).
    public var recommendations: [TimedRecommendation]?
    public var scaleUpEvents: [RecordedScaleEvent]
    public var scaleDownEvents: [RecordedScaleEvent]

    public init(recommendations: [TimedRecommendation]? = nil, scaleUpEvents: [RecordedScaleEvent] = [],
                scaleDownEvents: [RecordedScaleEvent] = []) {
        self.recommendations = recommendations
        self.scaleUpEvents = scaleUpEvents
        self.scaleDownEvents = scaleDownEvents
    }

    public mutating func recordInitialRecommendation(current: Int, now: Int) {
        if recommendations == nil { recommendations = [TimedRecommendation(replicas: current, time: now)] }
    }

    /// stabilizeRecommendationWithBehaviors: the result stays between the lowest recommendation of
    /// the scale-up window and the highest of the scale-down window, as close to `current` as
    /// that allows. The raw recommendation is then remembered, reusing the slot of one entry that
    /// is outside both windows (the last such entry, as the Go loop leaves it).
    public mutating func stabilize(desired: Int, current: Int, upWindow: Int, downWindow: Int, now: Int) -> Int {
        var up = desired
        var down = desired
        let upCutoff = now - upWindow
        let downCutoff = now - downWindow
        var oldIndex: Int?
        let stored = recommendations ?? []
        for (i, rec) in stored.enumerated() {
            if rec.time > upCutoff { up = min(rec.replicas, up) }
            if rec.time > downCutoff { down = max(rec.replicas, down) }
            if rec.time <= upCutoff && rec.time <= downCutoff { oldIndex = i }
        }
        var result = current
        if result < up { result = up }
        if result > down { result = down }
        remember(desired, at: now, replacing: oldIndex)
        return result
    }

    /// stabilizeRecommendation (no behavior): the highest recommendation of the downscale window.
    public mutating func stabilizeWithoutBehavior(desired: Int, window: Int, now: Int) -> Int {
        var highest = desired
        let cutoff = now - window
        var oldIndex: Int?
        for (i, rec) in (recommendations ?? []).enumerated() {
            if rec.time <= cutoff {
                oldIndex = i
            } else if rec.replicas > highest {
                highest = rec.replicas
            }
        }
        remember(desired, at: now, replacing: oldIndex)
        return highest
    }

    private mutating func remember(_ replicas: Int, at now: Int, replacing index: Int?) {
        var list = recommendations ?? []
        let entry = TimedRecommendation(replicas: replicas, time: now)
        if let index { list[index] = entry } else { list.append(entry) }
        recommendations = list
    }

    /// storeScaleEvent: without a behavior nothing is stored. Otherwise events older than the
    /// direction's longest policy period are marked outdated and the last of them is overwritten
    /// by the new event; if none is outdated the event is appended.
    public mutating func storeScaleEvent(behavior: HPABehavior?, previous: Int, new: Int, now: Int) {
        guard let behavior else { return }
        if new > previous {
            Self.store(RecordedScaleEvent(replicaChange: new - previous, time: now), into: &scaleUpEvents,
                       longestPeriod: behavior.scaleUp.longestPeriod, now: now)
        } else {
            Self.store(RecordedScaleEvent(replicaChange: previous - new, time: now), into: &scaleDownEvents,
                       longestPeriod: behavior.scaleDown.longestPeriod, now: now)
        }
    }

    private static func store(_ event: RecordedScaleEvent, into events: inout [RecordedScaleEvent], longestPeriod: Int, now: Int) {
        let cutoff = now - longestPeriod
        var oldIndex: Int?
        for i in events.indices {
            if events[i].time <= cutoff { events[i].outdated = true }
            if events[i].outdated { oldIndex = i }
        }
        if let oldIndex { events[oldIndex] = event } else { events.append(event) }
    }
}
