/// A small C program that asks glibc and libpam what the system itself sees: every entry
/// `getpwent`, `getspent` and `getgrent` return, and for each name given `getpwnam`,
/// `getspnam`, `getgrouplist` and pam_unix's answers (`pam_acct_mgmt`, and `pam_authenticate`
/// with an empty password under `nullok`) through the `posture-oracle` PAM service.
enum AccountsOracle {
    static let pamService = "auth required pam_unix.so nullok nodelay\naccount required pam_unix.so\n"

    static let source = #"""
        #include <stdio.h>
        #include <string.h>
        #include <stdlib.h>
        #include <pwd.h>
        #include <grp.h>
        #include <shadow.h>
        #include <security/pam_appl.h>

        static void esc(const char *s) {
            if (!s) { fputs("(null)", stdout); return; }
            for (; *s; s++) {
                unsigned char c = (unsigned char)*s;
                if (c == '\\') fputs("\\\\", stdout);
                else if (c == '\t') fputs("\\t", stdout);
                else if (c == '\r') fputs("\\r", stdout);
                else if (c == '\n') fputs("\\n", stdout);
                else if (c < 32 || c == 127) printf("\\x%02x", c);
                else putchar(c);
            }
        }
        static int conv(int n, const struct pam_message **msg, struct pam_response **resp, void *data) {
            struct pam_response *r = calloc(n, sizeof *r);
            for (int i = 0; i < n; i++) r[i].resp = strdup("");
            *resp = r;
            return PAM_SUCCESS;
        }
        int main(int argc, char **argv) {
            struct passwd *pw; struct spwd *sp; struct group *gr;
            setpwent();
            while ((pw = getpwent())) { fputs("P\t", stdout); esc(pw->pw_name); putchar('\t'); esc(pw->pw_passwd);
                printf("\t%u\t%u\t", pw->pw_uid, pw->pw_gid); esc(pw->pw_gecos); putchar('\t'); esc(pw->pw_dir); putchar('\t'); esc(pw->pw_shell); putchar('\n'); }
            endpwent();
            setspent();
            while ((sp = getspent())) { fputs("S\t", stdout); esc(sp->sp_namp); putchar('\t'); esc(sp->sp_pwdp);
                printf("\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\n", sp->sp_lstchg, sp->sp_min, sp->sp_max, sp->sp_warn, sp->sp_inact, sp->sp_expire); }
            endspent();
            setgrent();
            while ((gr = getgrent())) { fputs("G\t", stdout); esc(gr->gr_name); putchar('\t'); esc(gr->gr_passwd); printf("\t%u\t", gr->gr_gid);
                for (char **m = gr->gr_mem; m && *m; m++) { if (m != gr->gr_mem) putchar(','); putchar('<'); esc(*m); putchar('>'); } putchar('\n'); }
            endgrent();
            for (int i = 1; i < argc; i++) {
                const char *name = argv[i];
                pw = getpwnam(name);
                fputs("N\t", stdout); esc(name);
                if (pw) { printf("\t%u\t%u\t", pw->pw_uid, pw->pw_gid); esc(pw->pw_passwd); } else fputs("\t-", stdout);
                sp = getspnam(name);
                putchar('\t'); if (sp) { esc(sp->sp_pwdp); printf("\t%ld\t%ld", sp->sp_lstchg, sp->sp_expire); } else fputs("-", stdout);
                if (pw) {
                    gid_t groups[256]; int n = 256;
                    if (getgrouplist(name, pw->pw_gid, groups, &n) >= 0) {
                        fputs("\t", stdout);
                        for (int j = 0; j < n; j++) { struct group *g = getgrgid(groups[j]); printf("%s%u(", j ? " " : "", groups[j]); if (g) esc(g->gr_name); putchar(')'); }
                    }
                }
                putchar('\n');
                pam_handle_t *h; struct pam_conv c = { conv, NULL };
                if (pam_start("posture-oracle", name, &c, &h) == PAM_SUCCESS) {
                    int acct = pam_acct_mgmt(h, PAM_SILENT);
                    int auth = pam_authenticate(h, PAM_SILENT);
                    fputs("A\t", stdout); esc(name); printf("\t%d\t%d\n", acct, auth);
                    pam_end(h, acct);
                }
            }
            return 0;
        }
        """#
}
