/// The Unicode classes the pre-tokenizers ask about, as llama.cpp defines them:
/// `\p{L}` letters, `\p{N}` numbers, `\p{P}` punctuation, `\p{S}` symbols,
/// `\p{M}` marks, control (Cc/Cf/Co/Cs), and `\s` = the White_Space property.
struct CodepointClass: OptionSet, Sendable {
    let rawValue: UInt8

    static let letter = CodepointClass(rawValue: 1 << 0)
    static let number = CodepointClass(rawValue: 1 << 1)
    static let punctuation = CodepointClass(rawValue: 1 << 2)
    static let symbol = CodepointClass(rawValue: 1 << 3)
    static let mark = CodepointClass(rawValue: 1 << 4)
    static let whitespace = CodepointClass(rawValue: 1 << 5)
    static let control = CodepointClass(rawValue: 1 << 6)
    static let separator = CodepointClass(rawValue: 1 << 7)

    /// Classes of the Basic Multilingual Plane, computed once (looking up the
    /// general category per character is the pre-tokenizers' hot path).
    private static let planeZero: [CodepointClass] = (0..<0x10000).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return .control }  // surrogates are Cs
        return computed(scalar)
    }

    static func of(_ scalar: Unicode.Scalar) -> CodepointClass {
        scalar.value < 0x10000 ? planeZero[Int(scalar.value)] : computed(scalar)
    }

    /// The slow path and the reference for the table.
    static func computed(_ scalar: Unicode.Scalar) -> CodepointClass {
        var result: CodepointClass = []
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: result.insert(.letter)
        case .decimalNumber, .letterNumber, .otherNumber: result.insert(.number)
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: result.insert(.punctuation)
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: result.insert(.symbol)
        case .nonspacingMark, .spacingMark, .enclosingMark: result.insert(.mark)
        case .control, .format, .privateUse, .surrogate: result.insert(.control)
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: result.insert(.separator)
        case .unassigned: break
        @unknown default: break
        }
        if scalar.properties.isWhitespace { result.insert(.whitespace) }
        return result
    }
}
