import CDendriteKernels

/// The image-window kernels of `CDendriteKernels` (im2col, col2im, pooling), run over slices of the
/// batch on the compute threads when the batch is large enough to pay for the hand-off.
package enum WindowKernels {
    /// Below this many floats touched, a kernel runs on the calling thread.
    static let parallelThreshold = 1 << 16

    package static func window(batch: Int, channels: Int, _ rows: WindowAxis, _ columns: WindowAxis) -> dendrite_window {
        dendrite_window(
            n: batch, height: rows.input, width: columns.input, channels: channels,
            window_height: rows.window, window_width: columns.window,
            stride_height: rows.stride, stride_width: columns.stride,
            dilation_height: rows.dilation, dilation_width: columns.dilation,
            pad_top: rows.paddingBefore, pad_left: columns.paddingBefore,
            output_height: rows.output, output_width: columns.output)
    }

    /// Calls `body(slice, first)` for consecutive slices of the batch (`slice.n` images starting at
    /// image `first`), in parallel when `work` (floats touched) is large.
    package static func forEachSlice(_ g: dendrite_window, work: Int, _ body: (dendrite_window, Int) -> Void) {
        let parts = work < parallelThreshold ? 1 : Swift.min(g.n, 4 * ComputeThreads.maximum)
        guard parts > 1 else { body(g, 0); return }
        let perPart = (g.n + parts - 1) / parts
        Parallel.forEach(parts) { part in
            let first = part * perPart
            guard first < g.n else { return }
            var slice = g
            slice.n = Swift.min(perPart, g.n - first)
            body(slice, first)
        }
    }

    package static func im2col(_ x: UnsafePointer<Float>, _ g: dendrite_window, into columns: UnsafeMutablePointer<Float>) {
        let image = g.height * g.width * g.channels
        let row = g.output_height * g.output_width * g.window_height * g.window_width * g.channels
        forEachSlice(g, work: g.n * row) { slice, first in
            withUnsafePointer(to: slice) { dendrite_im2col(x + first * image, $0, columns + first * row) }
        }
    }

    package static func col2im(_ columns: UnsafePointer<Float>, _ g: dendrite_window, into dx: UnsafeMutablePointer<Float>) {
        let image = g.height * g.width * g.channels
        let row = g.output_height * g.output_width * g.window_height * g.window_width * g.channels
        forEachSlice(g, work: g.n * row) { slice, first in
            withUnsafePointer(to: slice) { dendrite_col2im(columns + first * row, $0, dx + first * image) }
        }
    }

    package static func maxPool(_ x: UnsafePointer<Float>, _ g: dendrite_window, into y: UnsafeMutablePointer<Float>,
                                argmax: UnsafeMutablePointer<Int32>) {
        let image = g.height * g.width * g.channels, output = g.output_height * g.output_width * g.channels
        forEachSlice(g, work: g.n * image) { slice, first in
            withUnsafePointer(to: slice) {
                dendrite_max_pool2d(x + first * image, $0, y + first * output, argmax + first * output)
            }
        }
    }

    package static func maxPoolBackward(_ dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, _ g: dendrite_window,
                                        into dx: UnsafeMutablePointer<Float>) {
        let image = g.height * g.width * g.channels, output = g.output_height * g.output_width * g.channels
        forEachSlice(g, work: g.n * image) { slice, first in
            withUnsafePointer(to: slice) {
                dendrite_max_pool2d_backward(dy + first * output, argmax + first * output, $0, dx + first * image)
            }
        }
    }

    package static func averagePool(_ x: UnsafePointer<Float>, _ g: dendrite_window, into y: UnsafeMutablePointer<Float>) {
        let image = g.height * g.width * g.channels, output = g.output_height * g.output_width * g.channels
        forEachSlice(g, work: g.n * image) { slice, first in
            withUnsafePointer(to: slice) { dendrite_avg_pool2d(x + first * image, $0, y + first * output) }
        }
    }

    package static func averagePoolBackward(_ dy: UnsafePointer<Float>, _ g: dendrite_window,
                                            into dx: UnsafeMutablePointer<Float>) {
        let image = g.height * g.width * g.channels, output = g.output_height * g.output_width * g.channels
        forEachSlice(g, work: g.n * image) { slice, first in
            withUnsafePointer(to: slice) { dendrite_avg_pool2d_backward(dy + first * output, $0, dx + first * image) }
        }
    }
}
