/// The Defaults variables of sudo 1.9.13 (def_data.in) and the checks `visudo -c` makes on
/// each entry (defaults.c): an unknown name, a value for a flag, a missing value, `+=` on a
/// non-list, a number or mode that does not parse, a path that is not absolute.
enum SudoersDefaultsTable {
    enum ValueType { case flag, int, list, logfac, logpri, mode, rlimit, str, timeout, timespec, tuple, uint }
    enum PathRule { case none, absolute, chroot }
    struct Kind {
        var type: ValueType
        /// May be used as a boolean (`!name`, or for tuples and lists, without a value).
        var boolean: Bool
        var path: PathRule
    }

    static let variables: [String: Kind] = [
        "admin_flag": Kind(type: .str, boolean: true, path: .chroot),
        "always_query_group_plugin": Kind(type: .flag, boolean: false, path: .none),
        "always_set_home": Kind(type: .flag, boolean: false, path: .none),
        "apparmor_profile": Kind(type: .str, boolean: false, path: .none),
        "authenticate": Kind(type: .flag, boolean: false, path: .none),
        "authfail_message": Kind(type: .str, boolean: false, path: .none),
        "badpass_message": Kind(type: .str, boolean: false, path: .none),
        "case_insensitive_group": Kind(type: .flag, boolean: false, path: .none),
        "case_insensitive_user": Kind(type: .flag, boolean: false, path: .none),
        "closefrom": Kind(type: .int, boolean: false, path: .none),
        "closefrom_override": Kind(type: .flag, boolean: false, path: .none),
        "command_timeout": Kind(type: .timeout, boolean: true, path: .none),
        "compress_io": Kind(type: .flag, boolean: false, path: .none),
        "editor": Kind(type: .str, boolean: false, path: .absolute),
        "env_check": Kind(type: .list, boolean: true, path: .none),
        "env_delete": Kind(type: .list, boolean: true, path: .none),
        "env_editor": Kind(type: .flag, boolean: false, path: .none),
        "env_file": Kind(type: .str, boolean: true, path: .absolute),
        "env_keep": Kind(type: .list, boolean: true, path: .none),
        "env_reset": Kind(type: .flag, boolean: false, path: .none),
        "exec_background": Kind(type: .flag, boolean: false, path: .none),
        "exempt_group": Kind(type: .str, boolean: true, path: .none),
        "fast_glob": Kind(type: .flag, boolean: false, path: .none),
        "fdexec": Kind(type: .tuple, boolean: true, path: .none),
        "fqdn": Kind(type: .flag, boolean: false, path: .none),
        "group_plugin": Kind(type: .str, boolean: false, path: .none),
        "ignore_audit_errors": Kind(type: .flag, boolean: false, path: .none),
        "ignore_dot": Kind(type: .flag, boolean: false, path: .none),
        "ignore_iolog_errors": Kind(type: .flag, boolean: false, path: .none),
        "ignore_local_sudoers": Kind(type: .flag, boolean: false, path: .none),
        "ignore_logfile_errors": Kind(type: .flag, boolean: false, path: .none),
        "ignore_unknown_defaults": Kind(type: .flag, boolean: false, path: .none),
        "insults": Kind(type: .flag, boolean: false, path: .none),
        "intercept": Kind(type: .flag, boolean: false, path: .none),
        "intercept_allow_setid": Kind(type: .flag, boolean: false, path: .none),
        "intercept_authenticate": Kind(type: .flag, boolean: false, path: .none),
        "intercept_type": Kind(type: .tuple, boolean: false, path: .none),
        "intercept_verify": Kind(type: .flag, boolean: false, path: .none),
        "iolog_dir": Kind(type: .str, boolean: false, path: .absolute),
        "iolog_file": Kind(type: .str, boolean: false, path: .none),
        "iolog_flush": Kind(type: .flag, boolean: false, path: .none),
        "iolog_group": Kind(type: .str, boolean: true, path: .none),
        "iolog_mode": Kind(type: .mode, boolean: false, path: .none),
        "iolog_user": Kind(type: .str, boolean: true, path: .none),
        "lecture": Kind(type: .tuple, boolean: true, path: .none),
        "lecture_file": Kind(type: .str, boolean: true, path: .absolute),
        "lecture_status_dir": Kind(type: .str, boolean: false, path: .absolute),
        "limitprivs": Kind(type: .str, boolean: false, path: .none),
        "listpw": Kind(type: .tuple, boolean: true, path: .none),
        "log_allowed": Kind(type: .flag, boolean: false, path: .none),
        "log_denied": Kind(type: .flag, boolean: false, path: .none),
        "log_exit_status": Kind(type: .flag, boolean: false, path: .none),
        "log_format": Kind(type: .tuple, boolean: false, path: .none),
        "log_host": Kind(type: .flag, boolean: false, path: .none),
        "log_input": Kind(type: .flag, boolean: false, path: .none),
        "log_output": Kind(type: .flag, boolean: false, path: .none),
        "log_passwords": Kind(type: .flag, boolean: false, path: .none),
        "log_server_cabundle": Kind(type: .str, boolean: true, path: .absolute),
        "log_server_keepalive": Kind(type: .flag, boolean: false, path: .none),
        "log_server_peer_cert": Kind(type: .str, boolean: true, path: .absolute),
        "log_server_peer_key": Kind(type: .str, boolean: true, path: .absolute),
        "log_server_timeout": Kind(type: .timeout, boolean: true, path: .none),
        "log_server_verify": Kind(type: .flag, boolean: false, path: .none),
        "log_servers": Kind(type: .list, boolean: true, path: .none),
        "log_stderr": Kind(type: .flag, boolean: false, path: .none),
        "log_stdin": Kind(type: .flag, boolean: false, path: .none),
        "log_stdout": Kind(type: .flag, boolean: false, path: .none),
        "log_subcmds": Kind(type: .flag, boolean: false, path: .none),
        "log_ttyin": Kind(type: .flag, boolean: false, path: .none),
        "log_ttyout": Kind(type: .flag, boolean: false, path: .none),
        "log_year": Kind(type: .flag, boolean: false, path: .none),
        "logfile": Kind(type: .str, boolean: true, path: .absolute),
        "loglinelen": Kind(type: .uint, boolean: true, path: .none),
        "long_otp_prompt": Kind(type: .flag, boolean: false, path: .none),
        "mail_all_cmnds": Kind(type: .flag, boolean: false, path: .none),
        "mail_always": Kind(type: .flag, boolean: false, path: .none),
        "mail_badpass": Kind(type: .flag, boolean: false, path: .none),
        "mail_no_host": Kind(type: .flag, boolean: false, path: .none),
        "mail_no_perms": Kind(type: .flag, boolean: false, path: .none),
        "mail_no_user": Kind(type: .flag, boolean: false, path: .none),
        "mailerflags": Kind(type: .str, boolean: true, path: .none),
        "mailerpath": Kind(type: .str, boolean: true, path: .absolute),
        "mailfrom": Kind(type: .str, boolean: true, path: .none),
        "mailsub": Kind(type: .str, boolean: false, path: .none),
        "mailto": Kind(type: .str, boolean: true, path: .none),
        "match_group_by_gid": Kind(type: .flag, boolean: false, path: .none),
        "maxseq": Kind(type: .str, boolean: false, path: .none),
        "netgroup_tuple": Kind(type: .flag, boolean: false, path: .none),
        "noexec": Kind(type: .flag, boolean: false, path: .none),
        "noninteractive_auth": Kind(type: .flag, boolean: false, path: .none),
        "pam_acct_mgmt": Kind(type: .flag, boolean: false, path: .none),
        "pam_askpass_service": Kind(type: .str, boolean: false, path: .none),
        "pam_login_service": Kind(type: .str, boolean: false, path: .none),
        "pam_rhost": Kind(type: .flag, boolean: false, path: .none),
        "pam_ruser": Kind(type: .flag, boolean: false, path: .none),
        "pam_service": Kind(type: .str, boolean: false, path: .none),
        "pam_session": Kind(type: .flag, boolean: false, path: .none),
        "pam_setcred": Kind(type: .flag, boolean: false, path: .none),
        "passprompt": Kind(type: .str, boolean: false, path: .none),
        "passprompt_override": Kind(type: .flag, boolean: false, path: .none),
        "passprompt_regex": Kind(type: .list, boolean: true, path: .none),
        "passwd_timeout": Kind(type: .timespec, boolean: true, path: .none),
        "passwd_tries": Kind(type: .uint, boolean: false, path: .none),
        "path_info": Kind(type: .flag, boolean: false, path: .none),
        "preserve_groups": Kind(type: .flag, boolean: false, path: .none),
        "privs": Kind(type: .str, boolean: false, path: .none),
        "pwfeedback": Kind(type: .flag, boolean: false, path: .none),
        "requiretty": Kind(type: .flag, boolean: false, path: .none),
        "restricted_env_file": Kind(type: .str, boolean: true, path: .absolute),
        "rlimit_as": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_core": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_cpu": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_data": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_fsize": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_locks": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_memlock": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_nofile": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_nproc": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_rss": Kind(type: .rlimit, boolean: true, path: .none),
        "rlimit_stack": Kind(type: .rlimit, boolean: true, path: .none),
        "role": Kind(type: .str, boolean: false, path: .none),
        "root_sudo": Kind(type: .flag, boolean: false, path: .none),
        "rootpw": Kind(type: .flag, boolean: false, path: .none),
        "runas_allow_unknown_id": Kind(type: .flag, boolean: false, path: .none),
        "runas_check_shell": Kind(type: .flag, boolean: false, path: .none),
        "runas_default": Kind(type: .str, boolean: false, path: .none),
        "runaspw": Kind(type: .flag, boolean: false, path: .none),
        "runchroot": Kind(type: .str, boolean: true, path: .chroot),
        "runcwd": Kind(type: .str, boolean: true, path: .chroot),
        "secure_path": Kind(type: .str, boolean: true, path: .none),
        "selinux": Kind(type: .flag, boolean: false, path: .none),
        "set_home": Kind(type: .flag, boolean: false, path: .none),
        "set_logname": Kind(type: .flag, boolean: false, path: .none),
        "set_utmp": Kind(type: .flag, boolean: false, path: .none),
        "setenv": Kind(type: .flag, boolean: false, path: .none),
        "shell_noargs": Kind(type: .flag, boolean: false, path: .none),
        "stay_setuid": Kind(type: .flag, boolean: false, path: .none),
        "sudoedit_checkdir": Kind(type: .flag, boolean: false, path: .none),
        "sudoedit_follow": Kind(type: .flag, boolean: false, path: .none),
        "sudoers_locale": Kind(type: .str, boolean: false, path: .none),
        "syslog": Kind(type: .logfac, boolean: true, path: .none),
        "syslog_badpri": Kind(type: .logpri, boolean: true, path: .none),
        "syslog_goodpri": Kind(type: .logpri, boolean: true, path: .none),
        "syslog_maxlen": Kind(type: .uint, boolean: false, path: .none),
        "syslog_pid": Kind(type: .flag, boolean: false, path: .none),
        "targetpw": Kind(type: .flag, boolean: false, path: .none),
        "timestamp_timeout": Kind(type: .timespec, boolean: true, path: .none),
        "timestamp_type": Kind(type: .tuple, boolean: false, path: .none),
        "timestampdir": Kind(type: .str, boolean: false, path: .absolute),
        "timestampowner": Kind(type: .str, boolean: false, path: .none),
        "tty_tickets": Kind(type: .flag, boolean: false, path: .none),
        "type": Kind(type: .str, boolean: false, path: .none),
        "umask": Kind(type: .mode, boolean: true, path: .none),
        "umask_override": Kind(type: .flag, boolean: false, path: .none),
        "use_loginclass": Kind(type: .flag, boolean: false, path: .none),
        "use_netgroups": Kind(type: .flag, boolean: false, path: .none),
        "use_pty": Kind(type: .flag, boolean: false, path: .none),
        "user_command_timeouts": Kind(type: .flag, boolean: false, path: .none),
        "utmp_runas": Kind(type: .flag, boolean: false, path: .none),
        "verifypw": Kind(type: .tuple, boolean: true, path: .none),
        "visiblepw": Kind(type: .flag, boolean: false, path: .none),
    ]

    static func problem(name: String, operation: SudoersDocument.Setting.Operation, value: String?) -> String? {
        guard let kind = variables[name] else { return "unknown defaults entry \"\(name)\"" }
        if value == nil {
            switch kind.type {
            case .flag, .logfac: break
            case .tuple where kind.boolean: break
            default:
                if !kind.boolean || operation != .negate { return "no value specified for \"\(name)\"" }
            }
        }
        if operation == .append || operation == .remove, kind.type != .list { return "invalid operator for \"\(name)\"" }
        guard let value else { return nil }
        switch kind.type {
        case .flag:
            return "option \"\(name)\" does not take a value"
        case .int:
            if Int32(value) == nil { return "value \"\(value)\" is invalid for option \"\(name)\"" }
        case .uint:
            if UInt32(value) == nil || Int32(value) == nil { return "value \"\(value)\" is invalid for option \"\(name)\"" }
        case .mode:
            if value.isEmpty || value.count > 4 || !value.allSatisfy({ ("0"..."7").contains($0) }) {
                return "value \"\(value)\" is invalid for option \"\(name)\""
            }
        case .str:
            switch kind.path {
            case .none: break
            case .absolute where !value.hasPrefix("/"): return "values for \"\(name)\" must start with a '/'"
            case .chroot where !value.hasPrefix("/") && !value.hasPrefix("~") && value != "*":
                return "values for \"\(name)\" must start with a '/', '~', or '*'"
            default: break
            }
        default: break
        }
        return nil
    }
}
