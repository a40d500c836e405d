package dev.kiln.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kiln} command: one subcommand per job. */
@Command(
    name = "kiln",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Kiln, deep learning for the JVM.",
    subcommands = {
      QuickstartCommand.class,
      SummaryCommand.class,
      VersionCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KilnCommand {

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, for tests and embedding. */
  public static CommandLine commandLine() {
    return new CommandLine(new KilnCommand());
  }
}
