/// Turns ssh's own last words (it exits 255 on its failures) into one error naming the cause.
enum SSHFailure {
    static func explain(_ sshSaid: String, target: String, step: String) -> String {
        let said = String(sshSaid.prefix(300))
        let cause: String
        if said.contains("Host key verification failed") || said.contains("HOST IDENTIFICATION HAS CHANGED")
            || said.contains("host key")
        {
            cause = "the host key could not be verified (unknown or changed); check known_hosts before trusting it"
        } else if said.contains("Permission denied") || said.contains("Too many authentication failures") {
            cause = "authentication failed (no key or agent identity was accepted; BatchMode allows no password prompt)"
        } else if said.contains("Could not resolve hostname") {
            cause = "the host name does not resolve"
        } else if said.contains("Connection refused") || said.contains("timed out") || said.contains("No route to host")
            || said.contains("Network is unreachable") || said.contains("Connection closed") || said.contains("Connection reset")
        {
            cause = "the host is unreachable"
        } else {
            cause = "ssh failed"
        }
        return "\(target): error: \(cause) while \(step) (ssh: \(said.isEmpty ? "exit 255" : said))"
    }
}
