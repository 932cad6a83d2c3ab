/// Why an encoder model could not be loaded or run, and where.
public struct EncoderError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A file of the model directory cannot be read.
        case cannotRead(reason: String)
        /// `config.json` is not a JSON object.
        case invalidConfiguration(reason: String)
        /// A configuration field is missing or has a bad value.
        case invalidField(expected: String)
        /// The configuration asks for something this encoder does not implement.
        case unsupported(String)
        /// The weights file was rejected.
        case weights(SafeTensorsError)
        /// An input sequence has no tokens.
        case emptySequence
        /// An input sequence is longer than the model's position table.
        case sequenceTooLong(length: Int, maximum: Int)
        /// A token id outside the vocabulary.
        case tokenOutOfRange(id: Int32, vocabularySize: Int)
    }

    public var kind: Kind
    /// The file or input being read: `config.json: hidden_size`, `sequence 2, position 7`.
    public var location: String

    public init(_ kind: Kind, location: String) {
        self.kind = kind
        self.location = location
    }

    public var description: String {
        switch kind {
        case .cannotRead(let reason): return "\(location): cannot read: \(reason)"
        case .invalidConfiguration(let reason): return "\(location): not a model configuration (\(reason))"
        case .invalidField(let expected): return "\(location): expected \(expected)"
        case .unsupported(let what): return "\(location): unsupported: \(what)"
        case .weights(let error): return error.description
        case .emptySequence: return "\(location): empty token sequence (expected at least one token, e.g. [CLS] … [SEP])"
        case .sequenceTooLong(let length, let maximum):
            return "\(location): \(length) tokens, but the model has \(maximum) positions (truncate the input)"
        case .tokenOutOfRange(let id, let size):
            return "\(location): token id \(id) is outside the vocabulary (0..<\(size))"
        }
    }
}
