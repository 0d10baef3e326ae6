package io.brokerauthz.testkit;

import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Principal;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * A statement about a policy that must hold for every client and request, checked by sampling:
 * {@link #check()} draws clients (hostile ones included) and requests with QuickTheories and,
 * when one breaks the statement, shrinks it and throws an {@link AssertionError} naming the
 * smallest counterexample found as a request line, and the seed that reproduces the run. Made by
 * {@link Invariants}; immutable, the {@code with...} methods return a copy.
 *
 * <p>Sampling finds counterexamples; it does not prove their absence. Use a fixed seed in CI
 * ({@link #withSeed(long)}) so a run is repeatable, and raise {@link #withExamples(int)} for a
 * deeper search.
 *
 * <p>Experimental.
 */
public final class Invariant {

  /** One generated case: its string form is the counterexample shown; {@code violation()} is null when it holds. */
  interface Probe {
    String violation();
  }

  /** Default number of generated cases per check. */
  public static final int DEFAULT_EXAMPLES = 2_000;

  // Enough to reach a small counterexample from the aimed generators, bounded so that a failing
  // check reports in seconds even when the first counterexample holds a 65,535-character value.
  private static final int SHRINK_CYCLES = 2_000;

  /** An exact check that replaces sampling: why the statement fails, or null when it is proved. */
  interface Exact {
    String violation();
  }

  private final String statement;
  private final Function<Gen<Principal>, Gen<? extends Probe>> cases;
  private final Gen<Principal> clients;
  private final Long seed;
  private final int examples;
  private final Exact exact;
  private final String how;
  private final String sampledHow;

  Invariant(String statement, Gen<Principal> clients, Function<Gen<Principal>, Gen<? extends Probe>> cases) {
    this(statement, clients, cases, null, DEFAULT_EXAMPLES, null, null, null);
  }

  /**
   * An invariant proved by {@code exact} when it is not null ({@code how} says so in the failure
   * message), sampled otherwise ({@code sampledHow} says why); restricting the clients falls back
   * to sampling, as a proof covers every client.
   */
  Invariant(String statement, Gen<Principal> clients, Function<Gen<Principal>, Gen<? extends Probe>> cases, Exact exact,
      String how, String sampledHow) {
    this(statement, clients, cases, null, DEFAULT_EXAMPLES, exact, exact == null ? sampledHow : how, sampledHow);
  }

  private Invariant(String statement, Gen<Principal> clients, Function<Gen<Principal>, Gen<? extends Probe>> cases, Long seed,
      int examples, Exact exact, String how, String sampledHow) {
    this.statement = statement;
    this.clients = clients;
    this.cases = cases;
    this.seed = seed;
    this.examples = examples;
    this.exact = exact;
    this.how = how;
    this.sampledHow = sampledHow;
  }

  /** The same invariant, checked from a fixed seed: the same cases on every run. */
  public Invariant withSeed(long fixedSeed) {
    return new Invariant(statement, clients, cases, fixedSeed, examples, exact, how, sampledHow);
  }

  /** The same invariant, checked over {@code count} generated cases (default {@value #DEFAULT_EXAMPLES}). */
  public Invariant withExamples(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("examples must be at least 1: " + count);
    }
    return new Invariant(statement, clients, cases, seed, count, exact, how, sampledHow);
  }

  /**
   * The same invariant over other clients, e.g. {@code AuthzGenerators.principals(policy)}
   * restricted with {@code assuming(...)} to leave out an administrator the statement is not
   * about. An invariant that would be proved exactly is sampled instead, over these clients.
   */
  public Invariant withClients(Gen<Principal> generator) {
    return new Invariant(statement, Objects.requireNonNull(generator, "generator"), cases, seed, examples, null,
        sampledHow == null ? null : "sampled over the given clients (withClients)", sampledHow);
  }

  /** What the invariant says, as the failure message begins. */
  public String statement() {
    return statement;
  }

  /** True when {@link #check()} proves the statement (through authz-analysis) instead of sampling it. */
  public boolean exact() {
    return exact != null;
  }

  /**
   * Checks the invariant over generated cases.
   *
   * @throws AssertionError naming the (shrunk) counterexample, why it breaks the statement, and
   *     the seed to repeat the run
   */
  public void check() {
    String heading = "invariant broken: " + statement + (how == null ? "" : " [" + how + "]");
    if (exact != null) {
      String violation = exact.violation();
      if (violation != null) {
        throw new AssertionError(heading + "\n" + violation);
      }
      return;
    }
    long s = seed != null ? seed : new SecureRandom().nextLong();
    Gen<? extends Probe> gen = cases.apply(clients);
    try {
      qt().withFixedSeed(s).withExamples(examples).withShrinkCycles(SHRINK_CYCLES).forAll(gen).checkAssert(probe -> {
        String violation = probe.violation();
        if (violation != null) {
          throw new AssertionError(violation);
        }
      });
    } catch (AssertionError e) {
      throw new AssertionError(heading + "\n(seed " + s + "; repeat with .withSeed(" + s + "L))\n"
          + withoutStackFrames(e.getMessage()), e);
    }
  }

  // QuickTheories appends the cause's stack trace to its report; the counterexample and the
  // violation say all an author needs, and the cause stays attached for the rest.
  private static String withoutStackFrames(String report) {
    return report.lines().filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t... ")).collect(java.util.stream.Collectors.joining("\n"));
  }

  @Override
  public String toString() {
    return "Invariant[" + statement + "]";
  }
}
