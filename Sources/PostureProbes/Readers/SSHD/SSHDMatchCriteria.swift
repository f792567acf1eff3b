/// A `Match` line's criteria as servconf.c's match_cfg_line checks them with no connection:
/// `All` alone, or pairs of User, Group, Host, LocalAddress, LocalPort, Address, RDomain and a
/// pattern; address lists must be valid, a local port a port.
struct SSHDMatchCriteria {
    /// The criteria as written, words joined by one space (`User bob`, `All`).
    let text: String
    let isAll: Bool
    /// Whether every word was used (otherwise sshd reports extra arguments).
    let consumedAll: Bool

    static func parse(_ rest: ArraySlice<UInt8>, services: [String: Int] = [:]) -> Result<SSHDMatchCriteria, SSHDRefusal> {
        var cursor: ArraySlice<UInt8>? = rest
        var words: [String] = []
        var attributes = 0
        while true {
            let (token, next) = SSHDTokens.strdelim(cursor)
            cursor = next
            guard let token, let first = token.first else { break }
            if first == SSHDTokens.hash {
                cursor = nil
                break
            }
            attributes += 1
            let attribute = String(decoding: token, as: UTF8.self)
            let lowered = SSHDValueGrammar.lower(attribute)
            words.append(attribute)
            if lowered == "all" {
                let (argument, after) = SSHDTokens.strdelim(cursor)
                if attributes > 1 { return .failure(SSHDRefusal("'all' cannot be combined with other Match attributes")) }
                if let argument, let byte = argument.first, byte != SSHDTokens.hash {
                    return .failure(SSHDRefusal("'all' cannot be combined with other Match attributes"))
                }
                let consumed = argument?.first == SSHDTokens.hash || argument == nil || after == nil || after?.isEmpty == true
                return .success(SSHDMatchCriteria(text: words.joined(separator: " "), isAll: true, consumedAll: consumed))
            }
            let (argumentBytes, after) = SSHDTokens.strdelim(cursor)
            cursor = after
            guard let argumentBytes, let byte = argumentBytes.first, byte != SSHDTokens.hash else {
                return .failure(SSHDRefusal("missing Match criteria for \(attribute)"))
            }
            let argument = String(decoding: argumentBytes, as: UTF8.self)
            words.append(argument)
            switch lowered {
            case "user", "group", "host", "rdomain":
                break
            case "address", "localaddress":
                guard SSHDPatterns.addressListValid(argument) else {
                    return .failure(SSHDRefusal("invalid Match \(lowered) argument '\(argument)'"))
                }
            case "localport":
                guard SSHDNumbers.port(argument, services: services) != nil else {
                    return .failure(SSHDRefusal("invalid LocalPort '\(argument)' on Match line"))
                }
            default:
                return .failure(SSHDRefusal("unsupported Match attribute \(attribute)"))
            }
        }
        guard attributes > 0 else { return .failure(SSHDRefusal("one or more attributes required for Match")) }
        return .success(
            SSHDMatchCriteria(
                text: words.joined(separator: " "), isAll: false,
                consumedAll: cursor == nil || cursor?.isEmpty == true))
    }
}
