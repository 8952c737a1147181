import DendriteCore
import Foundation

extension Datasets {
    /// MNIST (or Fashion-MNIST, EMNIST, …) from its IDX files, gzipped or not.
    ///
    /// ```swift
    /// let train = try Datasets.mnist(imagesURL: dir.appendingPathComponent("train-images-idx3-ubyte.gz"),
    ///                                labelsURL: dir.appendingPathComponent("train-labels-idx1-ubyte.gz"))
    /// train.features.shape   // [60000, 28, 28, 1]
    /// ```
    ///
    /// - Parameters:
    ///   - imagesURL: an IDX file of `[n, height, width]` images.
    ///   - labelsURL: an IDX file of `[n]` labels (class ids).
    ///   - scaled: pixel values divided by 255 into [0, 1] (default true); false keeps 0…255.
    /// - Returns: features `[n, height, width, 1]` (NHWC), labels `[n]`, class names "0"… up to the
    ///   largest label.
    /// - Throws: ``DendriteError`` for unreadable or damaged files, images that are not rank 3,
    ///   labels that are not rank 1, or different sample counts.
    public static func mnist(imagesURL: URL, labelsURL: URL, scaled: Bool = true) throws -> Dataset {
        let images = try IDX.read(imagesURL), labels = try IDX.read(labelsURL)
        guard images.rank == 3 else {
            throw DendriteError.shape("mnist: images in '\(imagesURL.path)' have shape \(images.shape); expected [samples, height, width]")
        }
        guard labels.rank == 1 else {
            throw DendriteError.shape("mnist: labels in '\(labelsURL.path)' have shape \(labels.shape); expected [samples]")
        }
        guard images.shape[0] == labels.shape[0] else {
            throw DendriteError.shape("mnist: \(images.shape[0]) images in '\(imagesURL.path)' but \(labels.shape[0]) labels in '\(labelsURL.path)'")
        }
        // Labels of a float or int IDX file may be anything: each must be a class id, and the class
        // names are bounded as a CSV file's are.
        if let bad = labels.scalars.firstIndex(where: { Int(exactly: $0).map { !(0..<65_536).contains($0) } ?? true }) {
            throw DendriteError.data("mnist: label \(labels.scalars[bad]) at index \(bad) in '\(labelsURL.path)' is not a class id "
                                     + "(a whole number from 0 to 65535)")
        }
        let features = images.reshaped(images.shape + [1])
        let classes = labels.count > 0 ? Int(labels.max().scalar) + 1 : 0
        return Dataset(name: "mnist", features: scaled ? features / 255 : features, labels: labels,
                       classNames: (0..<classes).map(String.init))
    }
}
