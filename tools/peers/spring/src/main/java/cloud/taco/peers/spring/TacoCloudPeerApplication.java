// The Spring Boot peer: what the book's Taco Cloud does with an order (POST /orders, then
// KafkaTemplate), writing our OrderPlaced v1 contract so order-listener reads it, and the
// book's @KafkaListener reading our topic. Measured beside order-api in `npm run bench`.
package cloud.taco.peers.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TacoCloudPeerApplication {
  public static void main(String[] args) {
    SpringApplication.run(TacoCloudPeerApplication.class, args);
  }
}
