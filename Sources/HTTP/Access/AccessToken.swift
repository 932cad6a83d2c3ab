/// The secret every request must present when the server listens beyond loopback.
///
/// Accepted in three places, checked in this order: `Authorization: Bearer
/// TOKEN` (scripts), the `apiary_token` cookie (a browser after its first
/// visit), and `?token=TOKEN` (the link a person opens first; the server then
/// sets the cookie, so the page's own requests need no token in the URL).
public struct AccessToken: Sendable {
    public static let cookieName = "apiary_token"
    public static let queryName = "token"
    /// Shorter tokens are refused: they could be guessed over the network.
    public static let minimumLength = 16

    let secret: [UInt8]

    public init(_ secret: String) throws(HTTPServerError) {
        guard secret.utf8.count >= Self.minimumLength else { throw .tokenTooShort(minimum: Self.minimumLength) }
        self.secret = Array(secret.utf8)
    }

    /// How a request presented the token, when it did.
    enum Presentation: Equatable {
        case header, cookie, query
    }

    /// Where `request` presented a matching token, or nil.
    func presentation(in request: HTTPRequest) -> Presentation? {
        if let authorization = request.header("Authorization"), authorization.lowercased().hasPrefix("bearer "),
           matches(String(authorization.dropFirst(7))[...].trimmingSpaces) {
            return .header
        }
        if let cookie = request.cookie(Self.cookieName), matches(cookie[...]) { return .cookie }
        if let query = request.query[Self.queryName], matches(query[...]) { return .query }
        return nil
    }

    /// Compares in time that depends only on the secret's length, not on where the first difference is.
    func matches(_ candidate: Substring) -> Bool {
        let given = Array(candidate.utf8)
        var difference = UInt8(given.count == secret.count ? 0 : 1)
        for index in secret.indices {
            difference |= secret[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }

    /// The cookie the server sets after a valid `?token=`.
    var setCookie: String {
        "\(Self.cookieName)=\(String(decoding: secret, as: UTF8.self)); Path=/; HttpOnly; SameSite=Strict"
    }
}
