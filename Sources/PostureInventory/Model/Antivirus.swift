public struct AntivirusProduct: Codable, Sendable, Equatable {
    public var product: String
    public var running: Bool?
    public var realTime: Bool?
    /// ISO 8601 date of the newest signatures.
    public var signatureDate: String?
    public var signatureVersion: String?

    public init(
        product: String, running: Bool? = nil, realTime: Bool? = nil, signatureDate: String? = nil,
        signatureVersion: String? = nil
    ) {
        self.product = product
        self.running = running
        self.realTime = realTime
        self.signatureDate = signatureDate
        self.signatureVersion = signatureVersion
    }

    enum CodingKeys: String, CodingKey {
        case product, running
        case realTime = "real_time"
        case signatureDate = "signature_date"
        case signatureVersion = "signature_version"
    }
}
