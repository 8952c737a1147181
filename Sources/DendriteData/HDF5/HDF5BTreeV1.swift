/// The version 1 B-tree, which indexes the members of a symbol-table group (node type 0) and the
/// chunks of a dataset with a layout message before version 4 (node type 1):
///
/// ```
/// "TREE", node type (1), level (1), entries used (2), left sibling, right sibling,
/// key 0, child 0, key 1, child 1, …, key n     (children of a level-0 node are the data)
/// ```
/// A group key is a length field (a name's offset in the local heap); a chunk key is the chunk's
/// stored size (4), filter mask (4) and its offset in each dimension (8 each, one more than the rank).
enum HDF5BTreeV1 {
    /// Every child of the tree's level-0 nodes, in key order, with the key before it.
    /// Each node is read once: a child that points back to a node already seen is a cycle and refused.
    static func leaves(_ storage: HDF5Storage, root: Int, nodeType: Int, keySize: Int,
                       _ visit: (_ key: ArraySlice<UInt8>, _ child: Int) throws -> Void) throws {
        var visited: Set<Int> = []
        try walk(storage, root, nodeType: nodeType, keySize: keySize, expectedLevel: nil, visited: &visited, visit)
    }

    private static func walk(_ storage: HDF5Storage, _ address: Int, nodeType: Int, keySize: Int, expectedLevel: Int?,
                             visited: inout Set<Int>, _ visit: (ArraySlice<UInt8>, Int) throws -> Void) throws {
        guard visited.insert(address).inserted else {
            throw HDF5Problem("the B-tree node at byte \(address) is reached twice (the tree has a cycle)")
        }
        var cursor = try storage.cursor(at: address, "a B-tree node")
        try cursor.signature("TREE", "a B-tree node")
        let type = Int(try cursor.uint8()), level = Int(try cursor.uint8()), entries = try cursor.uint16()
        guard type == nodeType else { throw HDF5Problem("the B-tree node at byte \(address) has type \(type); expected \(nodeType)") }
        if let expectedLevel, level != expectedLevel {
            throw HDF5Problem("the B-tree node at byte \(address) has level \(level); its parent expects \(expectedLevel)")
        }
        try cursor.skip(2 * storage.offsetSize, "the B-tree node's sibling addresses")
        var children: [(key: ArraySlice<UInt8>, address: Int)] = []
        for entry in 0..<entries {
            let key = try cursor.bytes(keySize, "key \(entry) of the B-tree node at byte \(address)")
            guard let child = try cursor.address("child \(entry) of the B-tree node at byte \(address)") else {
                throw HDF5Problem("child \(entry) of the B-tree node at byte \(address) has an undefined address")
            }
            children.append((key, child))
        }
        for (key, child) in children {
            if level == 0 {
                try visit(key, child)
            } else {
                try walk(storage, child, nodeType: nodeType, keySize: keySize, expectedLevel: level - 1, visited: &visited, visit)
            }
        }
    }
}
