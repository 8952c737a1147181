import DendriteCore

/// Checks of user data before any training step, each naming what is wrong and where.
enum DataValidation {
    /// What the user calls input `index` of `model` in messages: "features" for a model with one input.
    static func inputLabel(_ model: Model, _ index: Int, count: Int) -> String {
        count == 1 ? "features" : "input '\(model.inputNameList.indices.contains(index) ? model.inputNameList[index] : "\(index)")'"
    }

    /// The model's inputs: as many as it takes, with the same number of samples, finite, of the
    /// sample shapes it expects and values its first layers accept. `predict` checks finiteness
    /// batch by batch instead (`requiringFinite: false`), while the batch is in cache.
    static func checkInputs(_ x: [Tensor], model: Model, role: String = "", requiringFinite: Bool = true) throws {
        let prefix = role.isEmpty ? "" : "\(role) "
        let expected = model.expectedInputShapes
        let inputCount = expected?.count ?? 1
        guard x.count == inputCount else {
            throw DendriteError.shape("\(prefix)data has \(x.count) input arrays but \(model.name) takes \(inputCount)")
        }
        for (index, input) in x.enumerated() {
            let label = inputLabel(model, index, count: x.count)
            guard input.rank >= 1, input.shape[0] > 0 else {
                throw DendriteError.data("\(prefix)data set is empty (\(label) of shape \(input.shape))")
            }
            guard input.shape[0] == x[0].shape[0] else {
                throw DendriteError.data("\(prefix)\(label) has \(input.shape[0]) samples but \(inputLabel(model, 0, count: x.count)) has \(x[0].shape[0])")
            }
            if requiringFinite { try FiniteValues.require(input, "\(prefix)\(label)") }
            let sample = Array(input.shape.dropFirst())
            if let expected, expected[index] != sample {
                throw DendriteError.shape("\(prefix)\(label) have samples of shape \(sample) but \(model.name) expects \(expected[index])")
            }
        }
        do { try model.validate(inputs: x) } catch let error as DendriteError where !role.isEmpty {
            throw DendriteError(error.kind, "\(role) data: \(error.message)")
        }
    }

    /// Inputs and targets agree with each other, with the model and with each output's loss.
    static func check(inputs x: [Tensor], targets y: [Tensor], model: Model, objectives: [OutputObjective],
                      role: String = "") throws {
        let prefix = role.isEmpty ? "" : "\(role) "
        try checkInputs(x, model: model, role: role)
        guard y.count == objectives.count else {
            throw DendriteError.shape("\(prefix)data has \(y.count) target arrays but \(model.name) has \(objectives.count) outputs (\(objectives.map(\.name).joined(separator: ", ")))")
        }
        let outputs = try model.outputShapes(for: x.map { Array($0.shape.dropFirst()) })
        for (index, (targets, objective)) in zip(y, objectives).enumerated() {
            let label = y.count == 1 ? "targets" : "targets of '\(objective.name)'"
            guard targets.rank >= 1, targets.shape[0] == x[0].shape[0] else {
                let features = inputLabel(model, 0, count: x.count)
                throw DendriteError.data("\(prefix)\(features) have \(x[0].shape[0]) samples but \(label) have \(targets.shape.first ?? 0)")
            }
            try FiniteValues.require(targets, "\(prefix)\(label)")
            // A masked sequence output takes one class id per step for the sparse losses (Keras': the loss
            // and the mask then have the same shape), checked as one id per flattened step. A Sequential
            // model makes its graph, which knows the masks, when it is built.
            if objective.loss.usesClassLabels, model.graph == nil, model is Sequential {
                try model.build(inputShapes: x.map { Array($0.shape.dropFirst()) })
            }
            if objective.loss.usesClassLabels, let mask = model.graph?.outputs[index].mask,
               mask.shape == Array(outputs[index].dropLast()), targets.rank > 1,
               Array(targets.shape.dropFirst().prefix(mask.shape.count)) == mask.shape,
               targets.count == targets.shape[0] * mask.shape.reduce(1, *) {
                try checkTargets(targets.reshaped([-1]), output: [outputs[index].last ?? 1], loss: objective.loss,
                                 label: "\(prefix)\(label)")
                continue
            }
            try checkTargets(targets, output: outputs[index], loss: objective.loss, label: "\(prefix)\(label)")
        }
    }

    /// Targets fit an output of sample shape `output` under `loss`.
    private static func checkTargets(_ y: Tensor, output: [Int], loss: Loss, label: String) throws {
        let width = output.last ?? 1
        let targetSample = Array(y.shape.dropFirst())
        if loss.usesClassLabels {
            guard targetSample.reduce(1, *) == 1 else {
                throw DendriteError.shape("\(label): sparse categorical targets must be one class id per sample, got shape \(y.shape)")
            }
            // One id per sample scores one row of class scores; an output of [2, 2] would be read as two rows.
            guard output.count == 1 else {
                throw DendriteError.shape("\(label): \(loss.name) needs an output of one score per class for each sample, but the model outputs \(output) per sample")
            }
            if let bad = y.scalars.firstIndex(where: { $0 < 0 || $0 >= Float(width) || $0 != $0.rounded() }) {
                throw DendriteError.data("\(label): target \(y.scalars[bad]) of sample \(bad) is not a class id in 0..<\(width)")
            }
            return
        }
        guard targetSample.reduce(1, *) == output.reduce(1, *) else {
            throw DendriteError.shape("\(label) have samples of shape \(targetSample) but the model outputs \(output)")
        }
        if loss.targetKind == .probabilities || loss.targetKind == .distributions,
           let bad = y.scalars.firstIndex(where: { $0 < 0 || $0 > 1 }) {
            let perSample = Swift.max(y.count / y.shape[0], 1)
            throw DendriteError.data("\(label): target \(y.scalars[bad]) of sample \(bad / perSample) is outside [0, 1] required by \(loss.name)")
        }
    }
}
