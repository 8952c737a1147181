import DendriteTestSupport
import Testing
@testable import Dendrite

/// Attention layers and Transformer blocks with padding masks against Keras 3 and KerasHub: each
/// case is the graph `Masking(0)(input) → layer` on inputs whose padding steps are zeros, so the
/// masks reach the layer through the graph as in Keras. Outputs and the gradients with respect to
/// the inputs and the layer's weights agree to 1e-5 relative (1e-6 absolute near zero).
@Suite struct AttentionMaskFixtureTests {
    static func layer(_ fixture: MaskFixtures.LayerCase) throws -> any GraphLayer {
        let settings = fixture.settings
        switch fixture.kind {
        case "mha":
            return MultiHeadAttention(numHeads: try #require(settings.numHeads), keyDim: try #require(settings.keyDim),
                                      useCausalMask: settings.useCausalMask ?? false,
                                      useAttentionMask: settings.useCausalMask ?? false)
        case "attention": return Attention(useCausalMask: settings.useCausalMask ?? false)
        case "additive_attention": return AdditiveAttention()
        case "transformer_encoder":
            return TransformerEncoder(intermediateDim: try #require(settings.intermediateDim), numHeads: try #require(settings.numHeads))
        case "transformer_decoder":
            return TransformerDecoder(intermediateDim: try #require(settings.intermediateDim), numHeads: try #require(settings.numHeads))
        default: throw KerasFixtureError.unknown("layer", fixture.kind)
        }
    }

    @Test(arguments: ["mha_self_padding", "mha_cross_causal_attention_mask", "attention_causal", "additive_attention",
                      "transformer_encoder_padding", "transformer_decoder_padding"])
    func maskedAttentionMatchesKeras(_ name: String) throws {
        let fixture = try MaskFixtures.layerCase(name)
        let layer = try Self.layer(fixture)
        let sequenceCount = fixture.inputGradients.count
        let inputs = fixture.inputs.map { Input(shape: Array($0.shape.dropFirst())) }
        var arguments = try inputs.prefix(sequenceCount).map { try Masking()($0) }
        // MultiHeadAttention and the self-attention blocks take one sequence as query and value.
        if ["mha_self_padding"].contains(name) { arguments = [arguments[0], arguments[0]] }
        arguments += inputs.dropFirst(sequenceCount).map { $0 as SymbolicTensor }
        let model = try Model(inputs: inputs, outputs: try layer(arguments))
        try #require(layer.parameters.map(\.value.shape) == fixture.weights.map(\.shape))
        for (parameter, weight) in zip(layer.parameters, fixture.weights) { parameter.value = weight.tensor }

        let values = fixture.inputs.enumerated().map { index, values -> Tensor in
            var tensor = values.tensor
            tensor.requiresGradient = index < sequenceCount
            return tensor
        }
        let output = model.call(values, training: false)[0]
        var worst = expectClose(output, fixture.output.tensor, "\(name) output")
        (output * fixture.upstream.tensor).sum().backward()
        for (index, expected) in fixture.inputGradients.enumerated() {
            let gradient = try #require(values[index].gradient)
            worst = max(worst, expectClose(gradient, expected.tensor, "\(name) ∂input \(index)"))
        }
        for (parameter, expected) in zip(layer.parameters, fixture.weightGradients) {
            let gradient = try #require(parameter.gradient, "\(parameter.name) got no gradient")
            worst = max(worst, expectClose(gradient, expected.tensor, "\(name) ∂\(parameter.name)"))
        }
        print("attention mask fixture \(name): largest relative deviation \(worst)")
    }

    /// The query's mask is passed on; the key/value padding does not reach the output's mask.
    @Test func attentionPassesTheQueryMask() throws {
        let (query, value) = (Input(shape: [5, 4]), Input(shape: [7, 4]))
        let masked = try Masking()(query)
        #expect(try MultiHeadAttention(numHeads: 2, keyDim: 2)([masked, value]).mask?.shape == [5])
        #expect(try MultiHeadAttention(numHeads: 2, keyDim: 2)([value, try Masking()(value)]).mask == nil)
        #expect(try Attention()([masked, try Masking()(query)]).mask?.shape == [5])
        #expect(try TransformerEncoder(intermediateDim: 4, numHeads: 2)(masked).mask?.shape == [5])
    }

    @Test(arguments: ["mha", "attention", "additive", "encoder", "decoder"])
    func maskedAttentionGradientsMatchFiniteDifferences(_ kind: String) throws {
        let layer: any GraphLayer = switch kind {
        case "mha": MultiHeadAttention(numHeads: 2, keyDim: 2, useCausalMask: true)
        case "attention": Attention()
        case "additive": AdditiveAttention()
        case "encoder": TransformerEncoder(intermediateDim: 4, numHeads: 2)
        default: TransformerDecoder(intermediateDim: 4, numHeads: 2)
        }
        var generator = RandomGenerator(seed: 8)
        try layer.build(inputShapes: [[4, 4], [4, 4]].prefix(kind == "encoder" ? 1 : 2).map { $0 }, generator: &generator)
        // A query step allowed no key step attends uniformly (Keras' fused path): a flat function of the
        // scores, whose softmax derivative is not zero. Such steps are masked query steps, read through
        // the mask below; the causal case keeps an allowed key for every step.
        let causal = kind == "mha"
        let queryMask = Tensor(shape: [2, 4], scalars: causal ? [1, 1, 1, 1, 1, 1, 1, 1] : [1, 1, 0, 1, 1, 1, 1, 0])
        let valueMask = Tensor(shape: [2, 4], scalars: causal ? [1, 1, 0, 1, 1, 0, 1, 1] : [0, 1, 1, 1, 1, 0, 1, 1])
        let query = Tensor.randomUniform([2, 4, 4], low: -1, high: 1, seed: 9)
        let value = Tensor.randomUniform([2, 4, 4], low: -1, high: 1, seed: 10)
        let count = kind == "encoder" ? 1 : 2
        expectGradientsMatchFiniteDifferences(Array([query, value].prefix(count))) {
            // Read through the query mask, as the layers after it do.
            layer.call($0, masks: Array([queryMask, valueMask].prefix(count)), training: false)[0] * queryMask.reshaped([2, 4, 1])
        }
    }
}
