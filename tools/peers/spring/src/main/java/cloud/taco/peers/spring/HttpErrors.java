// Error bodies shaped like order-api's ({statusCode, error, message, violations}). Handling
// these here also keeps Spring's default resolver from logging the exception, whose text
// holds the rejected values: the card number and CVV.
package cloud.taco.peers.spring;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.kafka.KafkaException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
public class HttpErrors {
  public record Violation(String field, String message) {}

  public record ErrorBody(int statusCode, String error, String message, List<Violation> violations) {}

  @ExceptionHandler(MethodArgumentNotValidException.class)
  public ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException e) {
    List<Violation> violations = e.getBindingResult().getFieldErrors().stream()
        .map(error -> new Violation(error.getField(), error.getDefaultMessage()))
        .toList();
    return ResponseEntity.badRequest().body(new ErrorBody(400, "Bad Request", "Invalid order", violations));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  public ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .body(new ErrorBody(400, "Bad Request", "Body is not a JSON order", List.of()));
  }

  /** Kafka did not acknowledge in time: 503 with Retry-After, as order-api answers. */
  @ExceptionHandler(KafkaException.class)
  public ResponseEntity<ErrorBody> kafkaUnavailable(KafkaException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "1")
        .body(new ErrorBody(503, "Service Unavailable", "Kafka did not take the order in time; retry later", List.of()));
  }
}
