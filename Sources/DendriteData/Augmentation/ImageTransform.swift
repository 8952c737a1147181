import DendriteCore

/// One geometric transform of images `[n, height, width, channels]` (NHWC), applied the same way to
/// every image and channel: flips first, then rotation, zoom and shift about the image centre,
/// resampled bilinearly.
///
/// Conventions (rows go down, columns go right, as an image is displayed):
/// - `rotationDegrees > 0` turns the content counter-clockwise (90° is NumPy's `rot90`);
/// - `zoom > 1` enlarges the content (2: the centre half fills the image);
/// - `shiftRows`, `shiftColumns` (pixels) move the content down and right.
///
/// An output pixel `p` takes the input at `c + R(−θ)·(p − c − shift) / zoom`, `c` the centre
/// `((h − 1)/2, (w − 1)/2)`. Where that falls outside the image, `fill` decides the value.
public struct ImageTransform: Sendable, Equatable {
    public var flipHorizontally: Bool
    public var flipVertically: Bool
    public var rotationDegrees: Float
    public var zoom: Float
    public var shiftRows: Float
    public var shiftColumns: Float
    public var fill: ImageAugmentation.FillMode

    public init(flipHorizontally: Bool = false, flipVertically: Bool = false, rotationDegrees: Float = 0,
                zoom: Float = 1, shiftRows: Float = 0, shiftColumns: Float = 0,
                fill: ImageAugmentation.FillMode = .constant(0)) {
        self.flipHorizontally = flipHorizontally
        self.flipVertically = flipVertically
        self.rotationDegrees = rotationDegrees
        self.zoom = zoom
        self.shiftRows = shiftRows
        self.shiftColumns = shiftColumns
        self.fill = fill
    }

    /// Whether the transform only moves whole pixels (flips), so no resampling is needed.
    var isOnlyFlips: Bool { rotationDegrees == 0 && zoom == 1 && shiftRows == 0 && shiftColumns == 0 }

    /// The transformed images, same shape.
    /// - Throws: ``DendriteError`` unless `images` is `[n, height, width, channels]`.
    public func apply(to images: Tensor) throws -> Tensor {
        guard images.rank == 4 else {
            throw DendriteError.shape("ImageTransform: images of shape \(images.shape); expected [samples, height, width, channels]")
        }
        let (count, height, width, channels) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
        var values = images.scalars
        let size = height * width * channels
        for image in 0..<count {
            transform(&values[(image * size)..<((image + 1) * size)], height: height, width: width, channels: channels)
        }
        return Tensor(shape: images.shape, scalars: values)
    }

    /// Transforms one image `[height, width, channels]` in place.
    func transform(_ image: inout ArraySlice<Float>, height: Int, width: Int, channels: Int) {
        let source = Array(image)
        func flipped(_ row: Int, _ column: Int, _ channel: Int) -> Float {
            let r = flipVertically ? height - 1 - row : row, c = flipHorizontally ? width - 1 - column : column
            return source[(r * width + c) * channels + channel]
        }
        func sample(_ row: Int, _ column: Int, _ channel: Int) -> Float {
            if row >= 0, row < height, column >= 0, column < width { return flipped(row, column, channel) }
            switch fill {
            case .constant(let value): return value
            case .nearest: return flipped(Swift.min(Swift.max(row, 0), height - 1), Swift.min(Swift.max(column, 0), width - 1), channel)
            }
        }
        let base = image.startIndex
        if isOnlyFlips {
            for row in 0..<height { for column in 0..<width { for channel in 0..<channels {
                image[base + (row * width + column) * channels + channel] = flipped(row, column, channel)
            } } }
            return
        }
        let angle = Double(rotationDegrees) * .pi / 180
        let (cosine, sine) = (Float(_cos(angle)), Float(_sin(angle)))
        let centreRow = Float(height - 1) / 2, centreColumn = Float(width - 1) / 2
        for row in 0..<height {
            for column in 0..<width {
                let dy = (Float(row) - centreRow - shiftRows) / zoom
                let dx = (Float(column) - centreColumn - shiftColumns) / zoom
                let sourceColumn = centreColumn + dx * cosine - dy * sine
                let sourceRow = centreRow + dx * sine + dy * cosine
                let row0 = Int(sourceRow.rounded(.down)), column0 = Int(sourceColumn.rounded(.down))
                let fy = sourceRow - Float(row0), fx = sourceColumn - Float(column0)
                for channel in 0..<channels {
                    let top = sample(row0, column0, channel) * (1 - fx) + sample(row0, column0 + 1, channel) * fx
                    let bottom = sample(row0 + 1, column0, channel) * (1 - fx) + sample(row0 + 1, column0 + 1, channel) * fx
                    image[base + (row * width + column) * channels + channel] = top * (1 - fy) + bottom * fy
                }
            }
        }
    }
}
