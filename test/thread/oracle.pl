#!/usr/bin/perl
# Independent oracle for listlens threading: threads an mbox with Mail::Thread (Debian
# libmail-thread-perl, a Perl port of JWZ's own code) and prints the forest, one container a line:
#   depth<TAB>message-id            for a message
#   depth<TAB>id<TAB>placeholder    for an empty container (a missing parent, or 'subject dummy')
# Usage: oracle.pl [--no-subject] FILE.mbox
use strict;
use warnings;
use Email::Simple;
use Mail::Thread;

my @args = @ARGV;
my $no_subject = grep { $_ eq '--no-subject' } @args;
my ($path) = grep { $_ ne '--no-subject' } @args;
die "usage: $0 [--no-subject] FILE.mbox\n" unless defined $path;
$Mail::Thread::nosubject = 1 if $no_subject;

open my $fh, '<:raw', $path or die "cannot read $path: $!\n";
my $text = do { local $/; <$fh> };
close $fh;

# Split only on a full envelope line, `From <sender> <weekday> <month> <day> <hh:mm:ss> <year>`:
# archive exports do not escape body lines that begin with "From ".
my @chunks = split /^From \S+ +\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}\r?\n/m, $text;
my @messages = map { Email::Simple->new($_) } grep { /\S/ } @chunks;

my $threader = Mail::Thread->new(@messages);
$threader->thread;
print_container($_, 0) for $threader->rootset;

sub print_container {
    my ($container, $depth) = @_;
    my @fields = ($depth, $container->messageid);
    push @fields, 'placeholder' unless $container->message;
    print join("\t", @fields), "\n";
    print_container($_, $depth + 1) for $container->children;
}
