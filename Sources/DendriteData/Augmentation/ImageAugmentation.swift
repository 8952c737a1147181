import DendriteCore

/// Random image augmentation for training (the idea of Keras' `ImageDataGenerator`): every image of
/// a batch `[n, height, width, channels]` (NHWC) gets its own random ``ImageTransform`` and, last,
/// Gaussian noise.
///
/// ```swift
/// let augmentation = ImageAugmentation(rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1,
///                                      zoomRange: 0.1, seed: 7)
/// try model.fit(train.features, train.labels, epochs: 10, augmentation: augmentation)
/// ```
///
/// Each setting is off by default. Per image: a horizontal and a vertical flip each with probability
/// ½ (when enabled); an angle uniform in `[−rotationRange, rotationRange]` degrees; shifts uniform in
/// `±widthShiftRange · width` and `±heightShiftRange · height` pixels; a zoom uniform in
/// `[1 − zoomRange, 1 + zoomRange]` (one factor for both axes; above 1 enlarges, unlike Keras where
/// above 1 shrinks); then noise `σ · N(0, 1)` added to every value. Pixels from outside the image
/// take `fillMode`. The same seed gives the same batches.
public struct ImageAugmentation: Sendable, Codable, Equatable {
    /// The value of output pixels that come from outside the input image.
    public enum FillMode: Sendable, Codable, Equatable {
        /// A constant, 0 by default (Keras' `"constant"` with `cval`).
        case constant(Float)
        /// The nearest edge pixel (Keras' `"nearest"`).
        case nearest
    }

    public var horizontalFlip: Bool
    public var verticalFlip: Bool
    /// Degrees, ≥ 0.
    public var rotationRange: Float
    /// Fraction of the width, in [0, 1].
    public var widthShiftRange: Float
    /// Fraction of the height, in [0, 1].
    public var heightShiftRange: Float
    /// In [0, 1).
    public var zoomRange: Float
    /// σ of the added noise, ≥ 0.
    public var noiseStandardDeviation: Float
    public var fillMode: FillMode
    /// Seeds the generator ``Sequential/fit`` and ``apply(to:)`` use.
    public var seed: UInt64

    public init(horizontalFlip: Bool = false, verticalFlip: Bool = false, rotationRange: Float = 0,
                widthShiftRange: Float = 0, heightShiftRange: Float = 0, zoomRange: Float = 0,
                noiseStandardDeviation: Float = 0, fillMode: FillMode = .constant(0), seed: UInt64 = 0) {
        self.horizontalFlip = horizontalFlip
        self.verticalFlip = verticalFlip
        self.rotationRange = rotationRange
        self.widthShiftRange = widthShiftRange
        self.heightShiftRange = heightShiftRange
        self.zoomRange = zoomRange
        self.noiseStandardDeviation = noiseStandardDeviation
        self.fillMode = fillMode
        self.seed = seed
    }

    /// Throws ``DendriteError`` for a setting out of range or images that are not `[n, h, w, c]`.
    public func validate(imagesShape shape: [Int]) throws {
        guard shape.count == 4 else {
            throw DendriteError.shape("ImageAugmentation: images of shape \(shape); expected [samples, height, width, channels]")
        }
        let checks: [(String, Float, ClosedRange<Float>)] = [
            ("rotationRange", rotationRange, 0...360), ("widthShiftRange", widthShiftRange, 0...1),
            ("heightShiftRange", heightShiftRange, 0...1), ("zoomRange", zoomRange, 0...0.999),
            ("noiseStandardDeviation", noiseStandardDeviation, 0...Float.greatestFiniteMagnitude),
        ]
        for (name, value, range) in checks where !range.contains(value) {
            throw DendriteError.argument("ImageAugmentation: \(name) must be in \(range.lowerBound)…\(range.upperBound), got \(value)")
        }
    }

    /// A random transform for an image of `height × width`.
    public func randomTransform(height: Int, width: Int, using generator: inout RandomGenerator) -> ImageTransform {
        func uniform(_ bound: Float) -> Float { bound == 0 ? 0 : (generator.nextUnitFloat() * 2 - 1) * bound }
        return ImageTransform(flipHorizontally: horizontalFlip && generator.nextUnitFloat() < 0.5,
                              flipVertically: verticalFlip && generator.nextUnitFloat() < 0.5,
                              rotationDegrees: uniform(rotationRange), zoom: 1 + uniform(zoomRange),
                              shiftRows: uniform(heightShiftRange) * Float(height),
                              shiftColumns: uniform(widthShiftRange) * Float(width), fill: fillMode)
    }

    /// A randomly augmented copy of `images` `[n, height, width, channels]`, drawing from `generator`.
    public func apply(to images: Tensor, using generator: inout RandomGenerator) throws -> Tensor {
        try validate(imagesShape: images.shape)
        return augmented(images, using: &generator)
    }

    /// A randomly augmented copy of `images`, drawing from a generator seeded with ``seed``.
    public func apply(to images: Tensor) throws -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return try apply(to: images, using: &generator)
    }

    /// ``apply(to:using:)`` for shapes already validated.
    package func augmented(_ images: Tensor, using generator: inout RandomGenerator) -> Tensor {
        let (count, height, width) = (images.shape[0], images.shape[1], images.shape[2])
        let size = images.count / Swift.max(count, 1)
        var values = images.scalars
        for image in 0..<count {
            let transform = randomTransform(height: height, width: width, using: &generator)
            transform.transform(&values[(image * size)..<((image + 1) * size)], height: height, width: width,
                                channels: images.shape[3])
        }
        if noiseStandardDeviation > 0 {
            for index in values.indices { values[index] += noiseStandardDeviation * generator.nextStandardNormal() }
        }
        return Tensor(shape: images.shape, scalars: values)
    }
}
