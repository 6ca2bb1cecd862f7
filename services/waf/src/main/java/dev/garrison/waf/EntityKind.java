package dev.garrison.waf;

/** The four things WAF keeps by name and id, with the word their ARNs use and the field errors name. */
enum EntityKind {
    WEB_ACL("webacl", "WEB_ACL", "WebACL", 100),
    RULE_GROUP("rulegroup", "RULE_GROUP", "RuleGroup", 100),
    IP_SET("ipset", "IP_SET", "IPSet", 100),
    REGEX_PATTERN_SET("regexpatternset", "REGEX_PATTERN_SET", "RegexPatternSet", 10);

    /** The ARN's resource word: {@code regional/ipset/NAME/ID}. */
    final String arnWord;
    /** The {@code ParameterExceptionField} that names this kind. */
    final String field;
    /** The model shape of its body, as Get answers it. */
    final String shape;
    /** AWS WAF's default quota of this kind per account, region and scope. */
    final int quota;

    EntityKind(String arnWord, String field, String shape, int quota) {
        this.arnWord = arnWord;
        this.field = field;
        this.shape = shape;
        this.quota = quota;
    }
}
