extension RandomGenerator {
    /// The four xoshiro256** state words, so that a checkpoint can save a generator and resume
    /// it exactly where it was.
    package var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// A generator in the given state; nil unless there are four words, not all zero (the one
    /// state xoshiro cannot leave).
    package init?(stateWords words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        self.init(seed: 0)
        state = (words[0], words[1], words[2], words[3])
    }
}
