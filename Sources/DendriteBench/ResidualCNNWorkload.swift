import Dendrite

/// W7 of the peers: a small ResNet in the functional API on NHWC images. Conv2D(f₀, 3×3, same) → BN →
/// ReLU, then per stage `blocksPerStage[s]` residual blocks of `filters[s]` channels:
///
///     h = BN(Conv2D(f, 3×3, same)(ReLU(BN(Conv2D(f, 3×3, stride, same)(x)))))
///     y = ReLU(h + skip),  skip = x, or Conv2D(f, 1×1, stride)(x) (no BN) where the shape changes
///
/// where the first block of every stage after the first has stride 2; then GlobalAveragePooling2D →
/// Dense(classes, softmax). Convolutions keep their bias, BatchNormalization has Keras' defaults
/// (momentum 0.99, ε 1e-3). Adam 1e-3, sparse CCE, batch 64.
///
/// Defaults are the peers' sizes: 24,778 trainable and 288 non-trainable parameters, on 5,000 uniform
/// 32×32×3 images with random labels (a throughput test: no test set).
struct ResidualCNNWorkload {
    var imageSize = 32
    var channels = 3
    var filters = [16, 32]
    var blocksPerStage = [2, 1]
    var classes = 10
    var batch = 64

    /// The compiled functional model (built when made).
    func makeModel(seed: UInt64 = 0) throws -> Model {
        func normalized(_ x: SymbolicTensor) throws -> SymbolicTensor {
            try BatchNormalization(momentum: 0.99, epsilon: 1e-3)(x)
        }
        func block(_ x: SymbolicTensor, _ width: Int, stride: Int) throws -> SymbolicTensor {
            var h = try Conv2D(width, kernelSize: 3, strides: stride, padding: .same)(x)
            h = try ActivationLayer(.relu)(try normalized(h))
            h = try normalized(try Conv2D(width, kernelSize: 3, padding: .same)(h))
            var skip = x
            if stride != 1 || x.shape.last != width {
                skip = try Conv2D(width, kernelSize: 1, strides: stride, padding: .same)(x)
            }
            return try ActivationLayer(.relu)(try Add()([h, skip]))
        }
        let images = Input(shape: [imageSize, imageSize, channels])
        var x = try Conv2D(filters[0], kernelSize: 3, padding: .same)(images)
        x = try ActivationLayer(.relu)(try normalized(x))
        for (stage, (width, count)) in zip(filters, blocksPerStage).enumerated() {
            for index in 0..<count {
                x = try block(x, width, stride: stage > 0 && index == 0 ? 2 : 1)
            }
        }
        let probabilities = try Dense(classes, activation: .softmax)(try GlobalAveragePooling2D()(x))
        let model = try Model(inputs: images, outputs: probabilities, seed: seed)
        model.compile(optimizer: Adam(learningRate: 1e-3), loss: .sparseCategoricalCrossentropy)
        return model
    }

    /// The peers' `w7_macs`: every convolution's out_h·out_w·out_c·k·k·in_c ('same' padding), plus the
    /// head; batch norm, ReLU, residual adds and pooling are not counted.
    var forwardMACsPerSample: Int {
        func conv(_ size: Int, _ inputs: Int, _ outputs: Int, _ kernel: Int) -> Int {
            size * size * outputs * kernel * kernel * inputs
        }
        var (size, inputs) = (imageSize, channels)
        var macs = conv(size, inputs, filters[0], 3)
        inputs = filters[0]
        for (stage, (width, count)) in zip(filters, blocksPerStage).enumerated() {
            for index in 0..<count {
                if stage > 0 && index == 0 {
                    size = (size + 1) / 2
                    macs += conv(size, inputs, width, 3) + conv(size, width, width, 3) + conv(size, inputs, width, 1)
                } else {
                    macs += conv(size, inputs, width, 3) + conv(size, width, width, 3)
                }
                inputs = width
            }
        }
        return macs + inputs * classes
    }

    var description: ModernWorkloadRun.Description {
        ModernWorkloadRun.Description(workload: "W7", batch: batch, forwardMACsPerSample: forwardMACsPerSample, extra: [
            "layout": .string("NHWC"),
            "model": .string("ResNet: Conv2D(\(filters[0]))-BN-ReLU, residual stages \(filters) x \(blocksPerStage) blocks "
                             + "(stride-2 1x1 projection, no BN on it) - GlobalAveragePooling2D - Dense(\(classes), softmax)"),
        ])
    }
}
