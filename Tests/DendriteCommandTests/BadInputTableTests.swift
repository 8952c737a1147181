import Foundation
import Testing

/// Issue 13's bad-input table: inputs a user can give that once crashed `dendrite`, were accepted
/// with wrong results, or were refused with a message that did not say what or where. Each row is
/// run against the built executable and must end with its exit status and exactly its one line on
/// standard error (or succeed, for the rows with status 0). docs/cli.md lists the same messages.
@Suite struct BadInputTableTests {
    /// One case: the arguments, the expected status and the message (`{dir}`: the working directory;
    /// `{registered}`: a registry's names as the executable lists them, which this test process
    /// cannot know, since other tests register members of their own).
    struct Case: CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let message: String
        init(_ arguments: String, _ status: Int32, _ message: String) {
            self.init(arguments.split(separator: " ").map(String.init), status, message)
        }
        /// Arguments that hold spaces, control characters or nothing, as the shell would pass them.
        init(_ arguments: [String], _ status: Int32, _ message: String) {
            self.arguments = arguments
            self.status = status
            self.message = message
        }
        var description: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        // Class 2: sizes and numbers the user controls.
        Case("train --data iris --layers 99999999999:relu", 1,
             "Dense 'dense': one sample of its output: shape [99999999999] needs 372.5 GiB, more than the limit of 2 GiB on one tensor (--max-tensor-size)"),
        Case("train --data iris --model-spec wide.json", 1,
             "sequential: layer 'dense_1' (Dense): a weight: shape [30000, 30000] needs 3.4 GiB, more than the limit of 2 GiB on one tensor (--max-tensor-size)"),
        Case("train --data iris --model-spec units.json", 1,
             "--model-spec '{dir}/units.json', layer 1 (Dense): setting 'units' 3000000000 is out of range: settings are integers from -2147483647 to 2147483647"),
        Case("train --data iris --max-model-size 500", 1,
             "sequential: up to layer 'dense_1' (Dense): the weights need 864 bytes so far, more than the limit of 500 bytes on a model (--max-model-size)"),
        Case("train --data ab.csv --target label --max-file-size 20", 1,
             "CSV file '{dir}/ab.csv': 34 bytes is more than the limit of 20 bytes on a file (--max-file-size)"),
        Case("train --data ab.csv --target label --max-tensor-size 16", 1,
             "CSV file '{dir}/ab.csv', row 3 (line 4): shape [3, 2] needs 24 bytes, more than the limit of 16 bytes on one tensor (--max-tensor-size)"),
        Case("train --data iris --max-file-size lots", 64, "The value 'lots' is invalid for '--max-file-size <size>'"),
        Case("train --data iris --epochs 1 --batch-size 9223372036854775807", 0, ""),
        Case("plot history --history nan-epoch.json --output h.svg", 1,
             "--history '{dir}/nan-epoch.json': epoch nan (entry 1) is not a whole number ≥ 0"),
        Case("plot history --history huge-epoch.csv --output h.svg", 1,
             "--history '{dir}/huge-epoch.csv': epoch 1e+30 (entry 1) is not a whole number ≥ 0"),
        Case("evaluate --model model --data huge-label.csv --target label", 1,
             "the target of 'huge-label', row 2: 1e+30 is not a class id of the model (a whole number from 0 to 1)"),
        // Class 3: silent acceptance.
        Case("train --data breast-cancer --model-spec square.json --epochs 1", 1,
             "targets: sparse_categorical_crossentropy needs an output of one score per class for each sample, but the model outputs [2, 2] per sample"),
        Case("train --data single.csv --target label", 1,
             "the target of 'single' holds one class only (0 in every row); a classifier needs samples of at least two classes"),
        Case("train --data single-name.csv --target label", 1,
             "the target of 'single-name' holds one class only ('a' in every row); a classifier needs samples of at least two classes"),
        Case("train --data infinite.csv --target label", 1,
             "CSV file '{dir}/infinite.csv', row 1 (line 2), column 'label': the target 'inf' is not a finite Float"),
        Case("train --data huge.csv --target label", 1,
             "CSV file '{dir}/huge.csv', row 2 (line 3), column 'label': the target '1e39' is not a finite Float"),
        Case("evaluate --model model --data half.csv --target label", 1,
             "the target of 'half', row 1: 0.5 is not a class id of the model (a whole number from 0 to 1)"),
        Case("train --data iris --model-spec slope.json", 1,
             "--model-spec '{dir}/slope.json', layer 1 (LeakyReLU): setting 'negative_slope' 1e+39 does not fit a Float (largest magnitude 3.4028235e+38)"),
        Case("summary --model one-name", 1,
             "{dir}/one-name/config.json: class_names has 1 name, but the model's output gives 2 classes"),
        Case("summary --model nan-weight", 1,
             "{dir}/nan-weight/model.safetensors: tensor 'dense.kernel' holds nan at index 0 (of shape [2, 16]); weights must be finite numbers"),
        // Class 4: messages that say what and where.
        Case("evaluate --model model --data far.csv --target label", 1,
             "'far', scaled with the model's saved preprocessing: StandardScaler: transform turns the finite value 3e+38 (sample 0, feature 1) into inf with the fitted mean 0.475, scale 0.28831407; the value is far outside the range the scaler was fitted on"),
        Case("train --data bom.csv --target species", 1,
             "CSV file '{dir}/bom.csv': no column named 'species'; the columns are: x, y, label"),
        Case("train --data bom.csv --target label --epochs 1", 0, ""),
        Case("train --data latin1.csv --target species", 1,
             "CSV file '{dir}/latin1.csv': no column named 'species'; the columns are: x, caf\\xE9, label"),
        Case("train --data long-cell.csv --target label", 1,
             "CSV file '{dir}/long-cell.csv', row 1 (line 2), column 'y': '\(String(repeating: "9", count: 59))a…' is not a number"),
        Case("train --data control.csv --target label", 1,
             "CSV file '{dir}/control.csv', row 1 (line 2), column 'y': '\\u{1B}[31mred' is not a number"),
        Case("train --data gap.csv --target label", 1,
             "CSV file '{dir}/gap.csv', row 1 (line 2), column 'y': missing value (an empty cell); pass --missing-values mean, zero or drop-row to fill or skip it"),
        Case("train --data iris --model-spec big-number.json", 1,
             "--model-spec '{dir}/big-number.json': the number 1e400 at key 'units' (line 2) does not fit a 64-bit floating-point number (largest magnitude 1.8e308)"),
        Case("summary --model big-number-model", 1,
             "{dir}/big-number-model/config.json: the number 1e999 at key 'learning_rate' (line 1) does not fit a 64-bit floating-point number (largest magnitude 1.8e308)"),
        Case("train --data loop --target label", 1,
             "--data 'loop' is not a built-in data set, and the path is a loop of symbolic links"),
        // A folder is text, one sub-folder per class.
        Case("train --data folder --target label", 1,
             "textDatasetFromDirectory: '{dir}/folder' has no class sub-folders; put each class's files in a sub-folder named after the class"),
        Case("train --data dangling --target label", 1,
             "--data 'dangling' is not a built-in data set, and the path is a symbolic link to a file that does not exist"),
        Case("train --data iris --model-spec folder", 1, "--model-spec '{dir}/folder' is a directory"),
        Case("plot history --history loop --output h.svg", 1, "--history '{dir}/loop' is a loop of symbolic links"),
        Case("train --data iris --epochs -1", 64, "--epochs must be ≥ 0, got -1"),
        Case("train --data iris --batch-size -5", 64, "--batch-size must be > 0, got -5"),
        Case("train --data iris --learning-rate -0.1", 64, "--learning-rate must be a positive number, got -0.1"),
        Case("train --data iris --seed -1", 64, "The value '-1' is invalid for '--seed <seed>'"),
        // Found by trying to break the command after the first table: user text shown raw or in
        // full, options named by the library's parameters, a directory reported as an I/O error.
        Case(["train", "--data", "iris", "--loss", "\u{1B}[31mred"], 1,
             "--loss '\\u{1B}[31mred' is not a loss Dendrite knows ({registered})"),
        Case(["train", "--data", "iris", "--loss", String(repeating: "x", count: 300)], 1,
             "--loss '\(String(repeating: "x", count: 60))…' is not a loss Dendrite knows ({registered})"),
        Case(["train", "--data", "iris", "--layers", "16:\u{1B}[31m"], 1,
             "--layers '16:\\u{1B}[31m': '16:\\u{1B}[31m' has an unknown activation '\\u{1B}[31m' (known: {registered}); expected units:activation, e.g. 16:relu, or dropout:0.2"),
        Case(["plot", "activations", "--functions", "relu,\u{1B}[1mx", "--output", "a.svg"], 1,
             "--functions: unknown activation '\\u{1B}[1mx' (known: {registered})"),
        Case("train --data iris --model-spec escape-initializer.json", 1,
             "--model-spec '{dir}/escape-initializer.json', layer 1 (Dense): setting 'kernel_initializer' names the initializer 'glorot\\u{1B}[2J', which Dendrite does not have (it has: zeros, ones, constant, glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, random_uniform, random_normal, truncated_normal, orthogonal, and variance_scaling as one of these)"),
        Case("evaluate --model named --data escape-class.csv --target label", 1,
             "class '\\u{1B}[31mc' in 'escape-class' is not one the model knows (a, b)"),
        Case("evaluate --model named --data long-class.csv --target label", 1,
             "class '\(String(repeating: "z", count: 60))…' in 'long-class' is not one the model knows (a, b)"),
        Case("plot decision-boundary --model model --data clusters.csv --target label --resolution 1 --output d.svg", 64,
             "--resolution must be in 2…2000, got 1"),
        Case("plot decision-boundary --model model --data clusters.csv --target label --resolution -5 --output d.svg", 64,
             "--resolution must be in 2…2000, got -5"),
        Case("train --data ab.csv --target label --validation-split 0.9", 1,
             "--validation-split 0.9 of 4 samples leaves an empty part"),
        Case("train --data ab.csv --target label --test-fraction 0.9", 1, "--test-fraction 0.9 of 4 samples leaves an empty part"),
        Case("plot history --history two-epochs.json --metrics accuracy --output h.svg", 1,
             "--metrics: 'accuracy' is not in '{dir}/two-epochs.json', which records loss"),
        Case("plot history --history val-only.json --output h.svg", 1,
             "--history '{dir}/val-only.json': nothing to draw; recorded: val_loss"),
        Case("plot history --history uneven.json --output h.svg", 1,
             "--history '{dir}/uneven.json': 'loss' has 2 values, but 'accuracy' has 1; every column needs one value per epoch"),
        Case("predict --model model --data clusters.csv --target label --output .", 1, "cannot write '.': is a directory"),
        Case("plot activations --output .", 1, "cannot write '.': is a directory"),
        Case(["plot", "activations", "--output", ""], 64, "--output is empty; name the file to write"),
    ]

    /// The files the table refers to, beside a small binary model (`model`, classes 0 and 1).
    static func prepared() throws -> CommandRunner {
        let runner = try CommandRunner()
        let clusters = "x,y,label\n" + (0..<20).map { "\($0 % 2 == 0 ? 0.1 : 2.0),\(Double($0) / 20),\($0 % 2)" }.joined(separator: "\n") + "\n"
        try runner.write("clusters.csv", clusters)
        let train = try runner.run("train --data clusters.csv --target label --epochs 1 --output model")
        #expect(train.status == 0, "\(train.error)")
        try runner.write("ab.csv", "x,y,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n")
        let named = try runner.run("train --data ab.csv --target label --epochs 1 --output one-name")
        #expect(named.status == 0, "\(named.error)")
        let config = try runner.read("one-name/config.json")
        try runner.write("one-name/config.json", config.replacingOccurrences(of: "\"a\",\n    \"b\"", with: "\"a\""))
        try FileManager.default.copyItem(at: runner.url("model"), to: runner.url("nan-weight"))
        try poisonFirstWeight(runner.url("nan-weight/model.safetensors"))
        try FileManager.default.copyItem(at: runner.url("model"), to: runner.url("big-number-model"))
        let compact = try runner.read("big-number-model/config.json").replacingOccurrences(of: "\n", with: " ")
        try runner.write("big-number-model/config.json", compact.replacingOccurrences(of: "\"learning_rate\" : 0.001", with: "\"learning_rate\" : 1e999"))

        try runner.write("wide.json", #"[{"type": "Dense", "settings": {"units": 30000}}, {"type": "Dense", "settings": {"units": 30000}}]"#)
        try runner.write("square.json", #"[{"type": "Dense", "settings": {"units": 4}}, {"type": "Reshape", "settings": {"target_shape": [2, 2]}}]"#)
        try runner.write("units.json", #"[{"type": "Dense", "settings": {"units": 3000000000}}]"#)
        try runner.write("slope.json", #"[{"type": "LeakyReLU", "settings": {"negative_slope": 1e39}}, {"type": "Dense", "settings": {"units": 3}}]"#)
        try runner.write("big-number.json", "[{\"type\": \"Dense\",\n  \"settings\": {\"units\": 1e400}}]")
        try runner.write("nan-epoch.json", #"{"epoch": ["NaN"], "loss": [0.5]}"#)
        try runner.write("huge-epoch.csv", "epoch,loss\n1e30,0.5\n")
        try runner.write("huge-label.csv", "x,y,label\n0.1,0.2,0\n2,0.5,1e30\n")
        try runner.write("far.csv", "x,y,label\n0.1,3e38,0\n")
        try runner.write("half.csv", "x,y,label\n0.1,0.2,0.5\n2,0.5,1\n")
        try runner.write("single.csv", "x,y,label\n1,2,0\n3,4,0\n")
        try runner.write("single-name.csv", "x,y,label\n1,2,a\n3,4,a\n")
        try runner.write("infinite.csv", "x,y,label\n1,2,inf\n3,4,1.5\n")
        try runner.write("huge.csv", "x,y,label\n1,2,0.5\n3,4,1e39\n")
        try Data([0xEF, 0xBB, 0xBF] + Array("x,y,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n".utf8)).write(to: runner.url("bom.csv"))
        try Data(Array("x,caf".utf8) + [0xE9] + Array(",label\n1,2,0\n".utf8)).write(to: runner.url("latin1.csv"))
        try runner.write("long-cell.csv", "x,y,label\n1," + String(repeating: "9", count: 59) + String(repeating: "a", count: 100_000) + ",0\n")
        try runner.write("control.csv", "x,y,label\n1,\u{1B}[31mred,0\n")
        try runner.write("gap.csv", "x,y,label\n1,,0\n")
        let classNamed = try runner.run("train --data ab.csv --target label --epochs 1 --output named")
        #expect(classNamed.status == 0, "\(classNamed.error)")
        try runner.write("escape-initializer.json", #"[{"type": "Dense", "settings": {"units": 3, "kernel_initializer": "glorot\u001b[2J"}}]"#)
        try runner.write("escape-class.csv", "x,y,label\n1,2,a\n3,4,\u{1B}[31mc\n")
        try runner.write("long-class.csv", "x,y,label\n1,2,a\n3,4," + String(repeating: "z", count: 5_000) + "\n")
        try runner.write("two-epochs.json", #"{"epoch": [0, 1], "loss": [0.5, 0.4]}"#)
        try runner.write("val-only.json", #"{"epoch": [0, 1], "val_loss": [0.5, 0.4]}"#)
        try runner.write("uneven.json", #"{"loss": [0.5, 0.4], "accuracy": [0.9]}"#)
        try FileManager.default.createDirectory(at: runner.url("folder"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: runner.url("loop").path, withDestinationPath: "loop")
        try FileManager.default.createSymbolicLink(atPath: runner.url("dangling").path, withDestinationPath: "nothing-here.csv")
        return runner
    }

    /// Writes NaN over the first 4-byte float of a safetensors file's data section.
    static func poisonFirstWeight(_ url: URL) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        let headerLength = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        bytes.replaceSubrange((8 + headerLength)..<(12 + headerLength), with: [0x00, 0x00, 0xC0, 0x7F])
        try Data(bytes).write(to: url)
    }

    @Test func everyBadInputIsRefusedSayingWhatAndWhere() throws {
        let runner = try BadInputTableTests.prepared()
        defer { runner.remove() }
        for entry in BadInputTableTests.cases {
            let result = try runner.run(entry.arguments)
            #expect(result.status == entry.status, "\(entry): \(result.errorLines)")
            guard entry.status != 0 else { continue }
            let expected = "Error: " + entry.message.replacingOccurrences(of: "{dir}", with: runner.directory.path)
            let parts = expected.components(separatedBy: "{registered}")
            if parts.count == 2, let line = result.errorLines.first {
                #expect(result.errorLines.count == 1 && line.hasPrefix(parts[0]) && line.hasSuffix(parts[1])
                        && line.count > expected.count, "\(entry): \(result.errorLines)")
            } else {
                #expect(result.errorLines == [expected], "\(entry)")
            }
        }
    }
}
