/// The best-practice taxonomy rules are filed under: categories, each with practices.
public struct Taxonomy: Sendable {
    public struct Practice: Sendable, Codable, Hashable {
        /// `category/practice`.
        public var id: String
        public var title: String
        public var description: String
    }

    public struct Category: Sendable, Codable, Hashable {
        public var id: String
        public var title: String
        public var description: String
        public var practices: [Practice]
    }

    public var categories: [Category]

    public init(categories: [Category]) {
        self.categories = categories
    }

    public var practiceIDs: [String] { categories.flatMap { $0.practices.map(\.id) } }

    public func practice(_ id: String) -> Practice? {
        categories.lazy.flatMap(\.practices).first { $0.id == id }
    }

    public func category(_ id: String) -> Category? {
        categories.first { $0.id == id }
    }
}
