package io.logferry.k8s.sidecar;

import io.logferry.cli.EnvironmentDefaults;
import io.logferry.cli.LogferryCommandLine;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;

/**
 * Option defaults: {@code LOGFERRY_*} environment variables first, then {@code logferry.*} from MicroProfile Config
 * (system properties, then {@code application.properties}), then the options' own defaults.
 */
@Singleton
final class CommandLineProducer {

  @Produces
  CommandLine commandLine(PicocliCommandLineFactory factory) {
    EnvironmentDefaults defaults =
        EnvironmentDefaults.of(
            System.getenv(), key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    return LogferryCommandLine.configure(factory.create(), defaults);
  }
}
