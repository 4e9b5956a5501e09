"""The baseline BigBang and perceval users get: Python's mailbox.mbox with the email package
(compat32), and get_payload(decode=True) of each message's first text part, over the same files;
given a maildir (a directory with cur/), mailbox.Maildir over it instead.
Prints one JSON line: messages, seconds (wall and CPU) and peak RSS."""
import json
import mailbox
import os
import resource
import sys
import time


def first_text(message):
    for part in message.walk():
        if part.get_content_maintype() == 'text':
            payload = part.get_payload(decode=True)
            if payload is None:
                return ''
            charset = part.get_content_charset() or 'us-ascii'
            try:
                return payload.decode(charset, 'replace')
            except LookupError:
                return payload.decode('latin-1')
    return ''


def mail_files(root):
    if os.path.isfile(root):
        return [root]
    found = []
    for directory, _, names in os.walk(root):
        found.extend(os.path.join(directory, name) for name in names if name.endswith('.mail'))
    return sorted(found)


def mailboxes(root):
    if os.path.isdir(os.path.join(root, 'cur')):
        return [mailbox.Maildir(root, create=False)]
    return [mailbox.mbox(path, create=False) for path in mail_files(root)]


def main(root):
    started = time.perf_counter()
    messages = failed = characters = 0
    for box in mailboxes(root):
        for message in box:
            messages += 1
            try:
                characters += len(first_text(message))
                message['Message-ID'], message['Subject'], message['From'], message['Date']
            except Exception:
                failed += 1
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        'messages': messages,
        'failed': failed,
        'characters': characters,
        'wallSeconds': wall,
        'cpuSeconds': usage.ru_utime + usage.ru_stime,
        'maxRssKiB': usage.ru_maxrss,
    }))


if __name__ == '__main__':
    main(sys.argv[1])
