package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.kiln.tensorboard.proto.Event;
import dev.kiln.tensorboard.proto.Summary;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** TFRecord framing against the test vectors of FORMATS.md section 3. */
class RecordFramingTest {
  @Test
  void maskedCrcOfTheStandardCheckString() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    // crc32c("123456789") = 0xE3069283 (the CRC-32C check value); masked 0xC78AB0E5
    assertEquals(0xC78AB0E5, RecordFraming.maskedCrc32c(check, 0, check.length));
    assertEquals(0xC78AB0E5, RecordFraming.mask(0xE3069283));
  }

  @Test
  void fileVersionEventEncodesAsInFormats() {
    Event e = Event.newBuilder().setWallTime(1.7e9).setFileVersion("brain.Event:2").build();
    assertEquals(
        "0900000040fc54d9411a0d627261696e2e4576656e743a32",
        HexFormat.of().formatHex(e.toByteArray()));
  }

  @Test
  void scalarRecordFramesAsInFormats() {
    Event e =
        Event.newBuilder()
            .setWallTime(1700000001.0)
            .setStep(1)
            .setSummary(Summaries.scalar("loss", 0.5f))
            .build();
    assertEquals(
        "1a00000000000000129bd82d"
            + "0900004040fc54d94110012a0d0a0b0a046c6f7373150000003f"
            + "97d67404",
        HexFormat.of().formatHex(RecordFraming.frame(e.toByteArray())));
    assertEquals(ByteString.copyFromUtf8("loss"), e.getSummary().getValue(0).getTagBytes());
    assertEquals(Summary.Value.ValueCase.SIMPLE_VALUE, e.getSummary().getValue(0).getValueCase());
  }
}
