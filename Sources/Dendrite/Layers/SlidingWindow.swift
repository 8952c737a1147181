import DendriteCore

/// The shape checks shared by convolution, pooling and padding layers: the sample's rank, positive sizes, and
/// a window that fits the (padded) input. Errors name the layer and the shapes.
enum SlidingWindow {
    /// Refuses anything but a `[height, width, channels]` sample with positive sizes.
    static func checkImage(layer: String, type: String, inputShape: [Int]) throws {
        guard inputShape.count == 3, inputShape.allSatisfy({ $0 > 0 }) else {
            throw DendriteError.shape("\(layer): \(type) expects samples of shape [height, width, channels], got \(inputShape)")
        }
    }

    /// The two spatial axes of a `[height, width, channels]` sample.
    static func axes(layer: String, type: String, inputShape: [Int], window: (Int, Int), strides: (Int, Int),
                     dilation: (Int, Int) = (1, 1), padding: Padding, windowLabel: String) throws -> (WindowAxis, WindowAxis) {
        try checkImage(layer: layer, type: type, inputShape: inputShape)
        let sizes = [window.0, window.1, strides.0, strides.1, dilation.0, dilation.1]
        guard sizes.allSatisfy({ $0 > 0 }) else {
            throw DendriteError.argument("\(layer): \(type) \(windowLabel) size \(window), strides \(strides) and dilation \(dilation) must be positive")
        }
        let rows = WindowAxis(input: inputShape[0], window: window.0, stride: strides.0, dilation: dilation.0, padding: padding)
        let columns = WindowAxis(input: inputShape[1], window: window.1, stride: strides.1, dilation: dilation.1, padding: padding)
        guard rows.output > 0, columns.output > 0 else {
            throw DendriteError.shape("\(layer): \(type) \(windowLabel) \(window.0)×\(window.1) (spanning \(rows.span)×\(columns.span)) is larger than the input \(inputShape[0])×\(inputShape[1]) with \(padding) padding (sample shape \(inputShape))")
        }
        return (rows, columns)
    }

    /// The one spatial axis of a `[steps, channels]` sample.
    static func axis(layer: String, type: String, inputShape: [Int], window: Int, stride: Int, dilation: Int = 1,
                     padding: Padding, windowLabel: String) throws -> WindowAxis {
        guard inputShape.count == 2, inputShape.allSatisfy({ $0 > 0 }) else {
            throw DendriteError.shape("\(layer): \(type) expects samples of shape [steps, channels], got \(inputShape)")
        }
        guard window > 0, stride > 0, dilation > 0 else {
            throw DendriteError.argument("\(layer): \(type) \(windowLabel) size \(window), stride \(stride) and dilation \(dilation) must be positive")
        }
        let steps = WindowAxis(input: inputShape[0], window: window, stride: stride, dilation: dilation, padding: padding)
        guard steps.output > 0 else {
            throw DendriteError.shape("\(layer): \(type) \(windowLabel) of \(window) (spanning \(steps.span)) is longer than the input's \(inputShape[0]) steps with \(padding) padding (sample shape \(inputShape))")
        }
        return steps
    }
}
