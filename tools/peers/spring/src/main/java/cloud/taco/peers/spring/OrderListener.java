// The book's OrderListener on our topic: partition and timestamp of each order. It logs the
// order id, not the message: the event holds a name and an address.
package cloud.taco.peers.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class OrderListener {
  private static final Logger log = LoggerFactory.getLogger(OrderListener.class);
  private final ObjectMapper json;

  public OrderListener(ObjectMapper json) {
    this.json = json;
  }

  @KafkaListener(
      topics = "${tacocloud.orders.topic}",
      groupId = "${tacocloud.orders.group}",
      autoStartup = "${tacocloud.orders.listen}")
  public void handle(String message, ConsumerRecord<String, String> record) throws JsonProcessingException {
    OrderPlaced order = json.readValue(message, OrderPlaced.class);
    log.info(
        "Received order {} from partition {} with timestamp {}", order.orderId(), record.partition(), record.timestamp());
  }
}
