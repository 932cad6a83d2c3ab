@testable import Swarm

/// The matches of `kind` in `text`, as the matched strings.
func found(_ kind: PIIKind, in text: String) -> [String] {
    PIIScanner().matches(in: text).filter { $0.kind == kind }.map(\.text)
}

/// Every match in `text` as `kind:text`, in text order.
func allFound(in text: String) -> [String] {
    PIIScanner().matches(in: text).map { "\($0.kind):\($0.text)" }
}
