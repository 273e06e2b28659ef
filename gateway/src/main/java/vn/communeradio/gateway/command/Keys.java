package vn.communeradio.gateway.command;

import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;

/**
 * {@code keys} (admin keys only): {@code add} trusts {@code key} under {@code kid} up to {@code maxPriority};
 * {@code revoke} distrusts {@code kid} for good. For {@code revoke}, key and maxPriority are null.
 */
public record Keys(Op op, String kid, PublicKey key, Priority maxPriority, boolean admin) implements Command {

    /** What the command does to the trusted keys. */
    public enum Op { ADD, REVOKE }

    @Override
    public String name() {
        return "keys";
    }

    static Keys parse(Args args) throws CommandException {
        String op = args.text("op");
        String kid = args.text("kid");
        if (!Ids.isKeyId(kid)) {
            throw Args.malformed(args.field("kid") + " is " + Ids.quote(kid)
                    + "; accepted: 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        switch (op) {
            case "add":
                args.allow("op", "kid", "pem", "max_priority", "admin");
                PublicKey key;
                try {
                    key = Pem.readPublicKey(args.text("pem"));
                } catch (InvalidKeySpecException e) {
                    throw Args.malformed(args.field("pem") + ": " + e.getMessage());
                }
                if (!args.has("max_priority")) {
                    throw Args.malformed(args.field("max_priority") + " is missing; accepted: low, normal, high, emergency");
                }
                return new Keys(Op.ADD, kid, key, args.priority("max_priority", null), args.bool("admin", false));
            case "revoke":
                args.allow("op", "kid");
                return new Keys(Op.REVOKE, kid, null, null, false);
            default:
                throw Args.malformed(args.field("op") + " is " + Ids.quote(op) + "; accepted: add, revoke");
        }
    }
}
