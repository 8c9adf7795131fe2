package io.logferry.sink.cloudwatch;

/**
 * Sends one {@code PutLogEvents} request whose JSON body is already written. The production implementation signs it
 * with SigV4 and sends it with the SDK's HTTP client ({@link SignedPutLogEventsClient}); tests use in-memory fakes.
 *
 * <p>Errors are thrown the way the AWS SDK throws them, so that {@link CloudWatchRetryClassifier} stays the one place
 * that decides what they mean: an {@code AwsServiceException} (with error code, message and HTTP status) for an
 * error answer, an {@code SdkClientException} caused by the {@code IOException} for a connection problem, an
 * {@code ApiCallAttemptTimeoutException} when the attempt ran out of time.
 */
interface PutLogEventsClient extends AutoCloseable {

  /** Sends {@code body}; returns what the service said about the events it did not store. */
  PutLogEventsOutcome putLogEvents(PutLogEventsBody body);

  @Override
  void close();
}
