import Dispatch
import KedaguardCore

/// Runs async core code from libFuzzer's synchronous callback. The core's rules only suspend on
/// lookups, which are in memory here, so this costs a task switch per input.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = Box<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    return box.value!
}

private final class Box<T>: @unchecked Sendable {
    var value: T?
}

/// A property that does not hold: crash, so libFuzzer saves the input.
public func violated(_ message: @autoclosure () -> String, input: [UInt8]) -> Never {
    let preview = String(decoding: input.prefix(400), as: UTF8.self)
    fatalError("property violated: \(message())\ninput (\(input.count) bytes): \(preview)")
}

/// Parses JSON with the webhook's limits; nil if it is not JSON.
public func parseJSON(_ bytes: [UInt8]) -> Node? {
    bytes.withUnsafeBufferPointer { buffer in
        if case .success(let (node, _)) = JSONParser.parseValue(bytes: buffer, limits: .admission) { return node }
        return nil
    }
}

/// The JSON Patch properties every patch the webhook sends must have: it survives base64
/// encoding, applies cleanly to the object it was computed from, and yields the target.
public func checkPatch(_ patch: [JSONPatchOperation], from before: Node, to after: Node, input: [UInt8]) {
    let decoded: [JSONPatchOperation]
    do {
        decoded = try JSONPatch.decode(base64: JSONPatch.base64(patch))
    } catch {
        violated("the encoded patch does not decode: \(error)", input: input)
    }
    let applied: Node
    do {
        applied = try JSONPatch.apply(decoded, to: before)
    } catch {
        violated("the patch does not apply: \(error); patch \(JSONPatch.encode(patch))", input: input)
    }
    guard applied == after else {
        violated("the patch gives \(JSONWriter.write(applied)), not \(JSONWriter.write(after))", input: input)
    }
}
