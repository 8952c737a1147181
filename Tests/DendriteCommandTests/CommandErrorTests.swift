import Foundation
import Testing

/// Every user mistake ends the command with a non-zero status and one line on standard error,
/// `Error: …`, naming what was wrong (docs/cli.md lists these messages).
@Suite struct CommandErrorTests {
    /// A directory with a small trained model (`model`), its CSV (`clusters.csv`) and damaged files.
    static func prepared() throws -> CommandRunner {
        let runner = try CommandRunner()
        try runner.write("clusters.csv", clusterCSV())
        try runner.write("text.csv", "x,y,label\n1,oops,a\n2,3,b\n")
        try runner.write("three.csv", "x,y,z\n1,2,3\n")
        try runner.write("spec.json", #"[{"type": "Conv7D"}]"#)
        let train = try runner.run("train --data clusters.csv --target label --epochs 1 --output model")
        #expect(train.status == 0, "\(train.error)")
        try FileManager.default.createDirectory(at: runner.url("broken"), withIntermediateDirectories: true)
        try runner.write("broken/config.json", "{not json")
        return runner
    }

    @Test(arguments: [
        // Flags and their values.
        ("train --data iris --bogus", 64, "Unknown option '--bogus'. Did you mean '--loss'?"),
        ("train --data iris --epochs ten", 64, "The value 'ten' is invalid for '--epochs <epochs>'"),
        ("train --data iris --optimizer adamm", 64, "The value 'adamm' is invalid for '--optimizer <optimizer>'. Please provide one of the following: - adadelta - adagrad - adam - adamax - adamw - lion - nadam - rmsprop - sgd - momentum - nesterov"),
        ("train --data iris --validation-split 1.5", 64, "--validation-split must be in (0, 1), got 1.5"),
        ("train --data iris --early-stopping 3", 64, "--early-stopping watches val_loss, so it needs --validation-split"),
        ("train --data iris --loss tilted", 1, "--loss 'tilted' is not a loss Dendrite knows (binary_crossentropy, binary_focal_crossentropy, categorical_crossentropy, categorical_hinge, cosine_similarity, hinge, huber, kl_divergence, log_cosh, mae, mean_absolute_error, mean_squared_error, mse, poisson, sparse_categorical_crossentropy, squared_hinge)"),
        ("train --data iris --layers 16:rleu,3:softmax", 1, "--layers '16:rleu,3:softmax': '16:rleu' has an unknown activation 'rleu' (known: celu, elu, exponential, gelu, hard_sigmoid, hard_silu, hard_swish, hard_tanh, leaky_relu, linear, log_sigmoid, log_softmax, mish, relu, relu6, selu, sigmoid, silu, softmax, softplus, softsign, step, swish, tanh, tanh_shrink); expected units:activation, e.g. 16:relu, or dropout:0.2"),
        ("train --data iris --layers relu:16", 1, "--layers 'relu:16': 'relu:16' does not start with a positive number of units; expected units:activation, e.g. 16:relu, or dropout:0.2"),
        ("train --data iris --layers 16:relu,2:softmax", 1, "the output layer has 2 units, but 'iris' has 3 classes; end the model with 3:softmax"),
        ("train --data iris --model-spec spec.json", 1, "--model-spec '{dir}/spec.json', layer 1: unknown layer type 'Conv7D' (registered: Activation, …"),
        ("summary", 64, "Missing expected argument '--model <path>'"),
        ("plot activations --functions relu,softmax --output a.svg", 1, "--functions 'relu,softmax': softmax normalises across a vector, so it has no curve of one variable"),
        // Data files.
        ("train --data missing.csv --target label", 1, "--data 'missing.csv' is neither a built-in data set (breast-cancer, iris, wine, digits, diabetes) nor a CSV file"),
        ("train --data clusters.csv", 1, "--target is required with a CSV file: name the column that holds the labels"),
        ("train --data clusters.csv --target species", 1, "CSV file '{dir}/clusters.csv': no column named 'species'; the columns are: x, y, label"),
        ("train --data text.csv --target label", 1, "CSV file '{dir}/text.csv', row 1 (line 2), column 'y': 'oops' is not a number"),
        ("evaluate --model model --data iris", 1, "the model takes 2 features, but 'iris' has 4"),
        ("predict --model model --data three.csv", 1, "the model takes 2 features, but 'three.csv' has 3; leave a target column out with --target NAME"),
        ("plot decision-boundary --model model --data wine --output r.svg", 1, "a decision boundary needs data with 2 features; 'wine' has 13"),
        ("plot history --history model/config.json --output h.svg", 1, "--history '{dir}/model/config.json': expected a JSON object of number lists, e.g. {\"epoch\": [0, 1], \"loss\": [0.7, 0.5]}"),
        // Model directories.
        ("evaluate --model nowhere --data iris", 1, "{dir}/nowhere: no model directory here (expected a directory with config.json and model.safetensors)"),
        ("summary --model broken", 1, "{dir}/broken/config.json: the file is not valid JSON: invalid value at line 1, column 2"),
        ("predict --model clusters.csv --data clusters.csv", 1, "{dir}/clusters.csv: no model directory here (expected a directory with config.json and model.safetensors)"),
    ])
    func mistakeGivesOneErrorLine(arguments: String, status: Int32, message: String) throws {
        let runner = try CommandErrorTests.prepared()
        defer { runner.remove() }
        let result = try runner.run(arguments)
        #expect(result.status == status)
        let expected = "Error: " + message.replacingOccurrences(of: "{dir}", with: runner.directory.path)
        // A message ending in "…" is checked up to there (the list of registered layers grows).
        if expected.hasSuffix("…") {
            #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix(String(expected.dropLast())),
                    "\(result.errorLines)")
        } else {
            #expect(result.errorLines == [expected])
        }
    }
}
