// OrderMessagingService over KafkaTemplate<String, String> (acks=all and idempotence in
// application.properties): the event as JSON, the order id as key, our contract's headers.
package cloud.taco.peers.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

@Service
public class KafkaOrderMessagingService implements OrderMessagingService {
  private final KafkaTemplate<String, String> kafkaTemplate;
  private final ObjectMapper json;
  private final String topic;

  public KafkaOrderMessagingService(
      KafkaTemplate<String, String> kafkaTemplate, ObjectMapper json, @Value("${tacocloud.orders.topic}") String topic) {
    this.kafkaTemplate = kafkaTemplate;
    this.json = json;
    this.topic = topic;
  }

  @Override
  public CompletableFuture<OrderReceipt> sendOrder(TacoOrder order) {
    OrderPlaced event = OrderPlaced.from(order, UUID.randomUUID());
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.orderId(), toJson(event));
    header(record, "message-type", OrderPlaced.TYPE);
    header(record, "message-version", String.valueOf(OrderPlaced.VERSION));
    header(record, "content-type", "application/json");
    header(record, "correlation-id", UUID.randomUUID().toString());
    header(record, "message-id", event.eventId());
    return kafkaTemplate.send(record).thenApply(result -> {
      RecordMetadata metadata = result.getRecordMetadata();
      return new OrderReceipt(
          "accepted",
          event.orderId(),
          metadata.topic(),
          metadata.partition(),
          String.valueOf(metadata.offset()),
          Instant.ofEpochMilli(metadata.timestamp()).toString());
    });
  }

  private String toJson(OrderPlaced event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("OrderPlaced could not be written as JSON", e);
    }
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
