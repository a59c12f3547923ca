/// The children of the containers still open, innermost last. A closing container moves its
/// children out into an exactly sized array: one allocation per container instead of an array
/// grown step by step, and no retain/release per child as copying out and truncating would cost.
struct ChildStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    // Addressors, not get/set: reading a key in place must not copy (retain) the whole entry.
    subscript(index: Int) -> Element {
        unsafeAddress { UnsafePointer(base + index) }
        nonmutating unsafeMutableAddress { base + index }
    }

    @inline(__always) mutating func push(_ element: consuming Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func popLast() -> Element {
        count -= 1
        return (base + count).move()
    }

    /// Moves the elements from `start` on into an array and drops them from the stack.
    mutating func popArray(from start: Int) -> [Element] {
        let n = count - start
        guard n > 0 else { return [] }
        let source = base + start
        count = start
        // Not `Array(unsafeUninitializedCapacity:)`: that one is not specialized and looks up
        // the array's type metadata at run time, which cost more than these appends.
        var array: [Element] = []
        array.reserveCapacity(n)
        for i in 0..<n { array.append((source + i).move()) }
        return array
    }
}
