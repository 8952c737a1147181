import Testing
@testable import Dendrite

/// `OptimizerState` used by hand: two models, two optimizers, one loop.
@Suite struct CustomTrainingLoopTests {
    static let x = Tensor(shape: [24, 3], scalars: (0..<72).map { Float(($0 * 37) % 23) / 11 - 1 })
    static let y = Tensor(shape: [24, 1], scalars: (0..<24).map { row in
        (x[row, 0] - 0.5 * x[row, 1]) * x[row, 2] + 0.3
    })

    static func teacher() throws -> Sequential {
        let model = Sequential(seed: 11) { Dense(8, activation: .tanh); Dense(1) }
        try model.build(inputShape: [3])
        return model
    }

    static func student() throws -> Sequential {
        let model = Sequential(seed: 12) { Dense(4, activation: .tanh); Dense(1) }
        try model.build(inputShape: [3])
        return model
    }

    /// The teacher learns the data with Adam while the student learns the teacher's current outputs
    /// with SGD; each step, each optimizer updates only its own model's weights.
    @Test func teacherAndStudentTrainTogetherAsFitAndTrainOnBatchWould() throws {
        let steps = 60
        let (teacher, student) = (try Self.teacher(), try Self.student())
        let teacherOptimizer = OptimizerState(Adam(learningRate: 0.02))
        let studentOptimizer = OptimizerState(SGD(learningRate: 0.1, momentum: 0.9))
        var studentLosses: [Float] = []
        for _ in 0..<steps {
            let teacherLoss = Loss.meanSquaredError(teacher(Self.x, training: true), Self.y)
            teacherLoss.backward()
            try teacherOptimizer.apply(to: teacher.parameters)

            let targets = GradientMode.disabled { teacher(Self.x) }
            let studentLoss = Loss.meanSquaredError(student(Self.x, training: true), targets)
            studentLoss.backward()
            try studentOptimizer.apply(to: student.parameters)
            studentLosses.append(studentLoss.scalar)
        }
        #expect(teacherOptimizer.iterations == steps && studentOptimizer.iterations == steps)
        #expect(studentLosses[steps - 1] < studentLosses[0] / 4, "student losses \(studentLosses)")
        #expect((teacher.parameters + student.parameters).allSatisfy { $0.gradient == nil }, "every step clears the gradients")

        // The same runs through the model's own trainer: full-batch fit for the teacher (one epoch
        // is one step) and trainOnBatch on the teacher's outputs for the student.
        let (referenceTeacher, referenceStudent) = (try Self.teacher(), try Self.student())
        referenceTeacher.compile(optimizer: Adam(learningRate: 0.02), loss: .meanSquaredError)
        referenceStudent.compile(optimizer: SGD(learningRate: 0.1, momentum: 0.9), loss: .meanSquaredError)
        for _ in 0..<steps {
            try referenceTeacher.fit(Self.x, Self.y, epochs: 1, batchSize: 24, shuffle: false, verbose: 0)
            try referenceStudent.trainOnBatch(Self.x, GradientMode.disabled { referenceTeacher(Self.x) })
        }
        #expect(SavingSupport.bits(teacher.weights) == SavingSupport.bits(referenceTeacher.weights))
        #expect(SavingSupport.bits(student.weights) == SavingSupport.bits(referenceStudent.weights))
    }

    @Test func applyRefusesBadHyperParametersNamingThem() throws {
        let model = try Self.student()
        let optimizer = OptimizerState(RMSprop(rho: 1.5))
        Loss.meanSquaredError(model(Self.x, training: true), Self.y).backward()
        #expect(throws: DendriteError.argument("rmsprop: rho must be in 0.0...1.0, got 1.5")) { try optimizer.apply(to: model.parameters) }
        #expect(optimizer.iterations == 0)
    }
}
