/// The kinds of personal data the policy can find in a request.
public enum PIIKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case email
    case phone
    case card
    case iban
    case ssn
    case ip

    /// The text that replaces a redacted match: `[EMAIL]`, `[PHONE]`, `[CARD]`, `[IBAN]`, `[SSN]`, `[IP]`.
    public var placeholder: String { "[\(rawValue.uppercased())]" }

    /// What a reviewer reads: "an email address", "a credit card number" …
    public var readableName: String {
        switch self {
        case .email: return "an email address"
        case .phone: return "a phone number"
        case .card: return "a credit card number"
        case .iban: return "an IBAN"
        case .ssn: return "a US social security number"
        case .ip: return "an IP address"
        }
    }

    /// The plural of `readableName` without article: "email addresses", "credit card numbers" …
    public var pluralName: String {
        switch self {
        case .email: return "email addresses"
        case .phone: return "phone numbers"
        case .card: return "credit card numbers"
        case .iban: return "IBANs"
        case .ssn: return "US social security numbers"
        case .ip: return "IP addresses"
        }
    }

    /// The key used in policy files (`email`, `phone` …).
    public var description: String { rawValue }

    /// Which kind wins when two matches cover the same text and are equally long. The checksummed
    /// and tightly shaped kinds come first: a digit run that passes Luhn is a card, not a phone.
    var precedence: Int {
        switch self {
        case .card: return 0
        case .iban: return 1
        case .ssn: return 2
        case .email: return 3
        case .ip: return 4
        case .phone: return 5
        }
    }
}
