import Foundation
import Testing

@Suite("posture rules, end to end")
struct RulesCommandTests {
    let broken = repositoryRoot.appending(path: "Tests/PostureRulesTests/Fixtures/broken").path

    @Test("lint of the built-in rules is clean")
    func builtinClean() throws {
        let result = try posture("rules", "lint")
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("rules OK"))
    }

    @Test("lint of broken files: one path:line:col: error: line per problem, exit 2")
    func brokenFolder() throws {
        let result = try posture("rules", "lint", broken)
        #expect(result.status == 2)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 18, "\(result.stdout)")
        for line in lines {
            #expect(line.wholeMatch(of: /.+\.yaml:\d+:\d+: error: .+/) != nil, "\(line)")
        }
        #expect(result.stderr == "\(lines.count) errors\n")
    }

    @Test("lint refuses a billion-laughs file within a second")
    func billionLaughs() throws {
        let path = repositoryRoot.appending(path: "Tests/PostureRulesTests/Fixtures/billion-laughs.yaml").path
        let start = ContinuousClock.now
        let result = try posture("rules", "lint", path)
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(result.status == 2)
        #expect(result.stdout.contains("expands to more than"))
    }

    @Test("list shows every rule with severity and practice")
    func list() throws {
        let result = try posture("rules", "list")
        #expect(result.status == 0)
        #expect(result.stdout.contains("ssh-root-login-disabled"))
        #expect(result.stdout.contains("customer/authentication"))
    }
}
