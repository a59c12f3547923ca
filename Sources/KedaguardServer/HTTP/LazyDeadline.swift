import NIOCore

/// A connection's timer that is armed once and left running, instead of being scheduled and
/// cancelled for every request of a keep-alive connection (which costs more than reading the
/// clock). When it goes off, its owner says since when the state it guards has lasted: past the
/// timeout, the owner closes the connection; otherwise the timer re-arms itself for the rest,
/// or lapses when nothing is being timed and waits for the owner to start it again.
struct LazyDeadline {
    let timeout: TimeAmount
    private var scheduled: Scheduled<Void>?
    /// The owner's check, called on the event loop when the timer goes off.
    private var onFire: ((ChannelHandlerContext) -> Void)?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    /// Arms the timer for `start + timeout` unless it is running already (it then goes off
    /// earlier and re-arms itself). `onFire` calls back into the owner, which calls `expired`.
    mutating func start(from start: NIODeadline, _ context: ChannelHandlerContext,
                        onFire: @escaping (ChannelHandlerContext) -> Void) {
        guard scheduled == nil else { return }
        self.onFire = onFire
        schedule(at: start + timeout, context)
    }

    /// For the owner's check when the timer went off: true when what began at `since` has lasted
    /// the timeout; otherwise the timer is re-armed for its deadline (nil: it lapses).
    mutating func expired(since: NIODeadline?, _ context: ChannelHandlerContext) -> Bool {
        scheduled = nil
        guard let since else { return false }
        let deadline = since + timeout
        if context.eventLoop.now >= deadline { return true }
        schedule(at: deadline, context)
        return false
    }

    mutating func cancel() {
        scheduled?.cancel()
        scheduled = nil
        onFire = nil
    }

    private mutating func schedule(at deadline: NIODeadline, _ context: ChannelHandlerContext) {
        guard let onFire else { return }
        let bound = NIOLoopBound((context, onFire), eventLoop: context.eventLoop)
        scheduled = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let (context, onFire) = bound.value
            onFire(context)
        }
    }
}
