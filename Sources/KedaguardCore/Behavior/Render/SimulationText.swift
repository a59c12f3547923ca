/// `kedaguard simulate --format text`: the settings, then one row per sync (and per KEDA poll
/// that changed something) with the raw and stabilized recommendation and the replica count.
public enum SimulationText {
    public static func render(_ report: SimulationReport, compare: SimulationReport? = nil) -> String {
        var out = table(report)
        if let compare {
            out += "\n" + table(compare)
        }
        return out
    }

    static func table(_ report: SimulationReport) -> String {
        let r = report.result
        let s = report.scaling
        var out = "\(report.name)\n"
        out += "  HPA minReplicas \(s.hpaMinReplicas), maxReplicas \(s.hpaMaxReplicas); sync period \(r.syncPeriod)s; start \(report.setup.startReplicas) replicas; recommendation \(scheduleText(report))\n"
        for line in report.behaviorLines { out += "  \(line)\n" }
        var keda = "  KEDA: minReplicaCount \(s.minReplicaCount), pollingInterval \(s.pollingInterval)s, cooldownPeriod \(s.cooldownPeriod)s"
        if let idle = s.idleReplicaCount { keda += ", idleReplicaCount \(idle)" }
        if s.scaleInPaused { keda += ", scale-in paused" }
        if s.scaleOutPaused { keda += ", scale-out paused" }
        out += keda + "\n\n"

        let header = ["time", "recommended", "stabilized", "replicas", "change", "reason"]
        var rows: [[String]] = []
        var eventIndex = 0
        let events = r.events
        for sample in r.samples {
            // Events between two samples (KEDA polls off the sync grid) get rows of their own.
            while eventIndex < events.count, events[eventIndex].t < sample.t {
                let e = events[eventIndex]
                rows.append([formatSimulatedTime(e.t), "", "", "\(e.to)", "\(e.from) -> \(e.to)", e.reason])
                eventIndex += 1
            }
            var atSample: [SimulationEvent] = []
            while eventIndex < events.count, events[eventIndex].t == sample.t {
                atSample.append(events[eventIndex])
                eventIndex += 1
            }
            let stabilized = sample.stabilized.map(String.init) ?? "-"
            if atSample.isEmpty {
                rows.append([formatSimulatedTime(sample.t), "\(sample.recommended)", stabilized, "\(sample.replicas)", "", ""])
            }
            for (i, e) in atSample.enumerated() {
                let last = i == atSample.count - 1
                rows.append([formatSimulatedTime(sample.t), "\(sample.recommended)", last ? stabilized : "-",
                             "\(e.to)", "\(e.from) -> \(e.to)", e.reason])
            }
        }
        out += columns([header] + rows)
        out += "\n" + summary(report) + "\n"
        return out
    }

    static func summary(_ report: SimulationReport) -> String {
        let r = report.result
        let peak = r.samples.map(\.replicas).max() ?? report.setup.startReplicas
        let final = r.samples.last?.replicas ?? report.setup.startReplicas
        var out = "\(r.events.count) scale event\(r.events.count == 1 ? "" : "s"); replicas start \(report.setup.startReplicas), peak \(peak), end \(final)"
        if let settled = report.settledAt, !r.events.isEmpty {
            out += "; at \(report.finalTarget) from \(formatSimulatedTime(settled))"
        } else if final != report.finalTarget {
            out += "; still short of \(report.finalTarget) at \(formatSimulatedTime(r.duration))"
        }
        return out
    }

    static func scheduleText(_ report: SimulationReport) -> String {
        let points = report.setup.recommendation.points
        if points.count == 1, points[0].time == 0 { return "\(points[0].replicas) throughout" }
        return points.map { "\($0.replicas) from \(formatSimulatedTime($0.time))" }.joined(separator: ", ")
    }

    /// Left-aligns text columns, right-aligns numbers; the last column is not padded.
    static func columns(_ rows: [[String]]) -> String {
        guard let width = rows.first?.count else { return "" }
        var widths = Array(repeating: 0, count: width)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        let numeric: Set<Int> = [1, 2, 3]
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i == row.count - 1 {
                    line += cell
                } else if numeric.contains(i) {
                    line += pad + cell + "  "
                } else {
                    line += cell + pad + "  "
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
