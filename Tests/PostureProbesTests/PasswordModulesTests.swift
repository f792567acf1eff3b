import Testing

@testable import PostureInventory
@testable import PostureProbes

/// Settings count only where the module that reads them runs: pam_pwquality in passwd's password
/// stack, pam_faillock in the login services' auth stacks; numbers read as those modules read them.
@Suite("Password quality and lockout, through the modules that use them")
struct PasswordModulesTests {
    func settings(_ files: [String: String]) -> (quality: (facts: JSONValue?, failure: String?), lockout: JSONValue?) {
        let memory = InMemoryFiles(files)
        let loader = PAMStacks.loader(memory)
        return (
            PasswordModules.quality(memory, loader: loader), PasswordModules.lockout(memory, loader: loader, services: ["login", "sshd"])
        )
    }

    @Test("minlen = 14 in pwquality.conf, but pam_pwquality in no password stack: pam_unix's 6 applies")
    func qualityNotInStack() {
        let result = settings([
            "/etc/pam.d/passwd": "password required pam_unix.so obscure yescrypt\n",
            "/etc/security/pwquality.conf": "minlen = 14\n",
        ])
        #expect(result.quality.facts?["minlen"] == .string("6"))
        #expect(result.quality.facts?["module"] == .string("none"))
        #expect(result.quality.facts?["source"] == .string("/etc/pam.d/passwd:1"))
    }

    @Test("numbers libpwquality refuses keep its default 8; the module line's minlen= wins over the file")
    func qualityNumbers() {
        for value in ["inf", "1e3", "0x10", "12.5"] {
            let result = settings([
                "/etc/pam.d/passwd": "password requisite pam_pwquality.so\n",
                "/etc/security/pwquality.conf": "minlen = \(value)\n",
            ])
            #expect(result.quality.facts?["minlen"] == .string("8"), "minlen = \(value)")
        }
        let argument = settings([
            "/etc/pam.d/passwd": "password requisite pam_pwquality.so minlen=15 retry=3\n",
            "/etc/security/pwquality.conf": "minlen = 9\n",
        ])
        #expect(argument.quality.facts?["minlen"] == .string("15"))
        #expect(argument.quality.facts?["locations"]?["minlen"] == .string("/etc/pam.d/passwd:1"))
    }

    @Test("a passwd stack libpam cannot build is an error for pwquality, not a value")
    func qualityBrokenStack() {
        let result = settings(["/etc/pam.d/passwd": "password include\n"])
        #expect(result.quality.facts == nil)
        #expect(result.quality.failure != nil)
    }

    @Test("faillock.conf with no pam_faillock in any login stack: no lockout settings at all")
    func lockoutNotInStack() {
        let result = settings(["/etc/pam.d/login": "auth required pam_unix.so\n", "/etc/security/faillock.conf": "deny = 3\n"])
        #expect(result.lockout == nil)
    }

    @Test("faillock: file then arguments; bad numbers ignored as pam_faillock ignores them; the weakest line decides")
    func lockoutValues() {
        let result = settings([
            "/etc/pam.d/common-auth": "auth required pam_faillock.so preauth\nauth [success=1 default=ignore] pam_unix.so\n"
                + "auth [default=die] pam_faillock.so authfail deny=8\nauth requisite pam_deny.so\nauth required pam_permit.so\n",
            "/etc/pam.d/login": "@include common-auth\n", "/etc/pam.d/sshd": "@include common-auth\n",
            "/etc/security/faillock.conf": "deny = 4\nunlock_time = 999999\nfail_interval = 900\n",
        ])
        #expect(result.lockout?["deny"] == .string("8"), "the authfail line allows 8, the weaker of 4 and 8")
        #expect(result.lockout?["unlock_time"] == .string("600"), "above 7 days is ignored: the default 600 stays")
        #expect(result.lockout?["detail"]?.displayText.contains("bad number '999999'") == true)
        let never = settings(["/etc/pam.d/login": "auth required pam_faillock.so preauth unlock_time=never\n"])
        #expect(never.lockout?["unlock_time"] == .string("0"))
    }

    @Test("C number parsing: strtol for libpwquality, sscanf %u and %hu for pam_faillock")
    func cNumbers() {
        #expect(CNumbers.strtolWhole(" 12") == 12 && CNumbers.strtolWhole("+9") == 9 && CNumbers.strtolWhole("12 ") == nil)
        #expect(CNumbers.strtolWhole("2147483647") == nil && CNumbers.strtolWhole("") == nil)
        #expect(CNumbers.scanUnsigned("10abc", bits: 32) == 10 && CNumbers.scanUnsigned("abc", bits: 32) == nil)
        #expect(CNumbers.scanUnsigned("-1", bits: 16) == 65535 && CNumbers.scanUnsigned("70000", bits: 16) == 4464)
    }
}
