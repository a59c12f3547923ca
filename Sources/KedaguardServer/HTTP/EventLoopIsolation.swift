import KedaguardCore
import NIOCore

/// An actor whose executor is one NIO event loop, so async code can be isolated to the loop.
///
/// NIO runs every job on an event loop as that loop's serial executor. Code that is not
/// isolated to anything belongs on the generic executor, so after each of its awaits Swift
/// switches back to the generic executor, which the server has made the event loops: the job
/// goes through the loop's queue and comes back: 138 times for a typical admission request. The
/// core's async functions run on their caller's executor (NonisolatedNonsendingByDefault), so
/// called from code isolated to the loop they never leave it.
actor EventLoopIsolation {
    private let loop: any NIOSerialEventLoopExecutor

    init?(_ loop: any EventLoop) {
        guard let serial = loop as? any NIOSerialEventLoopExecutor else { return nil }
        self.loop = serial
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    /// Runs `body` on this loop; its async calls (nonisolated, so on their caller's executor)
    /// stay there.
    func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        await body()
    }
}
