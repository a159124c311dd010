// Fastmail, as a function.
function FASTMAIL(domain) {
    return [
        MX("@", 10, "in1-smtp.messagingengine.com."),
        MX("@", 20, "in2-smtp.messagingengine.com."),
        CNAME("fm1._domainkey", "fm1." + domain + ".dkim.fmhosted.com."),
    ];
}
