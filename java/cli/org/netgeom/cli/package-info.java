/**
 * The {@code netgeom} command line (netgeom-cli), built with picocli: one command class per
 * subcommand, each parsing its options (shared groups in the {@code *Arguments} classes), calling
 * one entry point of the library (mostly in {@code experiments}) and printing;
 * {@link org.netgeom.cli.Main} turns an error into one line on stderr with exit code 2 (input the
 * user can fix) or 1 (other failures). It is the top of the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli}: it may import every
 * package, and nothing imports it.
 */
package org.netgeom.cli;
