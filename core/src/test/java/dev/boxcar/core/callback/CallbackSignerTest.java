package dev.boxcar.core.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackSignerTest {
    private final CallbackSigner signer = new CallbackSigner(CallbackSigner.parseSecrets("alice:a-secret, bad-entry"), "master");

    @Test
    void theSignatureCoversTheTimestampAndTheBodyWithTheTenantsOwnSecret() {
        String header = signer.header("alice", 1_700_000_000L, "{\"id\":1}");
        assertEquals("t=1700000000,v1=" + CallbackSigner.hmacHex("a-secret", "1700000000.{\"id\":1}"), header);
        assertNotEquals(header, signer.header("alice", 1_700_000_001L, "{\"id\":1}"), "a new timestamp, a new signature");
    }

    @Test
    void tenantsWithoutAnEntryGetSecretsOfTheirOwnDerivedFromTheMaster() {
        assertEquals(CallbackSigner.hmacHex("master", "callback-secret:bob"), signer.secretFor("bob"));
        assertNotEquals(signer.secretFor("bob"), signer.secretFor("carol"));
        assertNotEquals(signer.header("bob", 1, "{}"), signer.header("carol", 1, "{}"));
    }

    @Test
    void withoutAnySecretNothingIsSigned() {
        CallbackSigner none = new CallbackSigner(Map.of(), null);
        assertFalse(none.canSign("alice"));
    }

    @Test
    void pairsWrittenIntoTheSingleSecretSettingAreTenantsSecretsToo() {
        CallbackSigner signer = CallbackSigner.fromSettings("alice:s1,bob:s2", "carol:s3");
        assertEquals("s1", signer.secretFor("alice"));
        assertEquals("s2", signer.secretFor("bob"));
        assertEquals("s3", signer.secretFor("carol"));
        assertFalse(signer.canSign("dave"), "no master when the setting holds pairs");
        assertEquals(CallbackSigner.hmacHex("plain", "callback-secret:dave"),
                CallbackSigner.fromSettings("plain", null).secretFor("dave"));
    }
}
