"""Sign-in, the trainee's home, the desk's guest-or-recorded choice: the ui code that knows accounts."""
