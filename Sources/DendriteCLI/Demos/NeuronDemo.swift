import Dendrite
import DendriteCourse

/// One neuron's forward pass, z = w·x + b then an activation, with each step printed.
enum NeuronDemo {
    static func run() throws {
        let inputs: [Float] = [1.0, 2.0, 3.0]
        let weights: [Float] = [0.2, 0.8, -0.5]
        let bias: Float = 2.0
        print("inputs x = \(inputs), weights w = \(weights), bias b = \(bias)")
        let z = try Neuron(weights: weights, bias: bias).weightedSum(of: inputs)
        print("z = w·x + b = \(z)")
        for activation in [Activation.step, .linear, .sigmoid, .tanh, .relu] {
            let output = try Neuron(weights: weights, bias: bias, activation: activation).output(for: inputs)
            print("\(activation.name.padding(toLength: 8, withPad: " ", startingAt: 0)) → \(output)")
        }
    }
}
