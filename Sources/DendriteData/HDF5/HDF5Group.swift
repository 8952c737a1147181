/// A group or a dataset, as found at a path.
public enum HDF5Object: Sendable {
    case group(HDF5Group)
    case dataset(HDF5Dataset)

    public var path: String {
        switch self {
        case .group(let group): group.path
        case .dataset(let dataset): dataset.path
        }
    }

    public var attributes: [HDF5Attribute] {
        switch self {
        case .group(let group): group.attributes
        case .dataset(let dataset): dataset.attributes
        }
    }

    /// Opens the object header at `address`: a dataset when it has a layout message, otherwise a group.
    static func open(_ storage: HDF5Storage, at address: Int, path: String, rootAddress: Int) throws -> HDF5Object {
        try HDF5Problem.reported(source: storage.source, path: path) {
            let header = try HDF5ObjectHeader(storage, at: address)
            if header.first(.layout) != nil { return .dataset(try HDF5Dataset(header, path: path, storage: storage)) }
            if header.first(.datatype) != nil && header.first(.linkInfo) == nil && header.first(.symbolTable) == nil {
                throw HDF5Problem("the object is a committed datatype, not a group or a dataset")
            }
            return .group(try HDF5Group(header, path: path, storage: storage, rootAddress: rootAddress))
        }
    }
}

/// A group in an HDF5 file: named members (groups and datasets) and attributes, read when the
/// group is opened. Members are opened on request, by name or by a path of names.
///
/// ```swift
/// let file = try HDF5File(contentsOf: url)
/// file.root.children                                  // ["layers", "optimizer", "vars"]
/// let vars = try file.root.group(at: "layers/dense/vars")
/// vars.attribute(named: "name")?.value.string         // "dense"
/// ```
public struct HDF5Group: Sendable {
    /// The path from the root group: `/` for the root, `/layers/dense` below it.
    public let path: String
    /// The attributes, sorted by name.
    public let attributes: [HDF5Attribute]
    /// The members' names: in creation order when the group tracks it, otherwise sorted by name (as h5py lists them).
    public var children: [String] { links.map(\.name) }

    private let links: [HDF5Link]
    private let storage: HDF5Storage
    private let rootAddress: Int

    /// Soft links pointing to soft links are followed this many times at most.
    static let maximumSoftLinks = 32

    init(_ header: HDF5ObjectHeader, path: String, storage: HDF5Storage, rootAddress: Int) throws {
        self.path = path
        self.storage = storage
        self.rootAddress = rootAddress
        links = try HDF5Links.read(header, storage)
        attributes = try HDF5Attributes.read(header, storage)
    }

    public func attribute(named name: String) -> HDF5Attribute? { attributes.first { $0.name == name } }

    /// Whether the group has a member called `name`.
    public func contains(_ name: String) -> Bool { links.contains { $0.name == name } }

    /// The member called `name`.
    ///
    /// - Throws: ``DendriteError`` (`.invalidFile`) naming the file and the group when there is no
    ///   such member (listing the members), or when the member's object is damaged.
    public func object(named name: String) throws -> HDF5Object {
        try object(named: name, softLinksFollowed: 0)
    }

    /// The member group called `name`; an error if it is missing or a dataset.
    public func group(named name: String) throws -> HDF5Group {
        guard case .group(let group) = try object(named: name) else { throw notA("group", name) }
        return group
    }

    /// The member dataset called `name`; an error if it is missing or a group.
    public func dataset(named name: String) throws -> HDF5Dataset {
        guard case .dataset(let dataset) = try object(named: name) else { throw notA("dataset", name) }
        return dataset
    }

    /// The object at `path`: names separated by `/`, relative to this group, or from the root
    /// when the path starts with `/` (`"layers/dense/vars/0"`, `"/model_weights"`).
    public func object(at path: String) throws -> HDF5Object {
        var current: HDF5Object = .group(self)
        if path.hasPrefix("/") { current = try HDF5Object.open(storage, at: rootAddress, path: "/", rootAddress: rootAddress) }
        for name in path.split(separator: "/", omittingEmptySubsequences: true) where name != "." {
            guard case .group(let group) = current else {
                throw DendriteError(.invalidFile, "HDF5 file '\(storage.source)': '\(current.path)' is a dataset, so it has no member '\(name)' (path '\(path)')")
            }
            current = try group.object(named: String(name))
        }
        return current
    }

    public func group(at path: String) throws -> HDF5Group {
        guard case .group(let group) = try object(at: path) else { throw notA("group", path) }
        return group
    }

    public func dataset(at path: String) throws -> HDF5Dataset {
        guard case .dataset(let dataset) = try object(at: path) else { throw notA("dataset", path) }
        return dataset
    }

    private func object(named name: String, softLinksFollowed: Int) throws -> HDF5Object {
        guard let link = links.first(where: { $0.name == name }) else {
            let shown = children.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
            throw DendriteError(.invalidFile, "HDF5 file '\(storage.source)': group '\(path)' has no member '\(name)'; "
                                + (children.isEmpty ? "it is empty" : "its members are \(shown)\(children.count > 20 ? ", … (\(children.count) members)" : "")"))
        }
        let memberPath = path == "/" ? "/\(name)" : "\(path)/\(name)"
        switch link.target {
        case .hard(let address):
            return try HDF5Object.open(storage, at: address, path: memberPath, rootAddress: rootAddress)
        case .soft(let target):
            guard softLinksFollowed < Self.maximumSoftLinks else {
                throw DendriteError(.invalidFile, "HDF5 file '\(storage.source)': soft link '\(memberPath)' leads through more than \(Self.maximumSoftLinks) soft links (a loop?)")
            }
            let (parent, last) = try resolveParent(of: target, softLinksFollowed: softLinksFollowed + 1)
            guard let last else { return .group(parent) }
            return try parent.object(named: last, softLinksFollowed: softLinksFollowed + 1)
        case .external(let file, let target):
            throw DendriteError(.invalidFile, "HDF5 file '\(storage.source)': '\(memberPath)' is an external link to '\(target)' in file '\(file)', which this reader does not follow")
        }
    }

    /// The group holding the last name of `path`, and that name (nil when the path names a group itself, such as `/`).
    private func resolveParent(of path: String, softLinksFollowed: Int) throws -> (HDF5Group, String?) {
        var names = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        var group = self
        if path.hasPrefix("/") {
            guard case .group(let root) = try HDF5Object.open(storage, at: rootAddress, path: "/", rootAddress: rootAddress) else {
                throw DendriteError(.invalidFile, "HDF5 file '\(storage.source)': the root object is not a group")
            }
            group = root
        }
        guard let last = names.popLast() else { return (group, nil) }
        for name in names {
            guard case .group(let next) = try group.object(named: name, softLinksFollowed: softLinksFollowed) else {
                throw DendriteError(.invalidFile, "HDF5 file '\(storage.source)': soft link target '\(path)' passes through a dataset")
            }
            group = next
        }
        return (group, last)
    }

    private func notA(_ kind: String, _ name: String) -> DendriteError {
        DendriteError(.invalidFile, "HDF5 file '\(storage.source)': '\(name)' in group '\(path)' is not a \(kind)")
    }
}
