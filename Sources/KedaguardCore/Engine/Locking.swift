import Foundation

/// A lock with a closure API; keeps the rest of the core free of Foundation's lock details.
final class NSLockish: @unchecked Sendable {
    private let lock = NSLock()

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
