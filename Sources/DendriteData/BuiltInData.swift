import DendriteCore
/// A data set compiled into the library as CSV text (see Scripts/datasets/make_datasets.py).
struct BuiltInData: Sendable {
    let name: String
    let classNames: [String]
    let csv: String

    /// Parses the embedded CSV: a header of feature names then `target`, one sample per line.
    func load() -> Dataset {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var features: [Float] = [], targets: [Float] = []
        features.reserveCapacity(lines.count * (header.count - 1))
        for line in lines {
            let cells = line.split(separator: ",")
            // The text is generated and checked by tests; a bad cell would be a build defect.
            for cell in cells.dropLast() { features.append(Float(cell)!) }
            targets.append(Float(cells[cells.count - 1])!)
        }
        let width = header.count - 1
        return Dataset(name: name,
                       features: Tensor(shape: [lines.count, width], scalars: features),
                       labels: Tensor(shape: [lines.count], scalars: targets),
                       featureNames: Array(header.dropLast()), classNames: classNames)
    }
}
