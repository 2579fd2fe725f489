//! The REPL's pure core: takes what the candidate did and returns what the interviewer says, as
//! data. The session decides what happens; this turns its events into things to say. No terminal
//! here; the view renders, the loop prints.

use crate::report::Report;
use crate::session::record::{EndReason, FollowUpAsk};
use crate::session::{
    Ask, Event, HintReply, Recovery, Session, SessionError, Skip, TimeView, TopicCount, Verdict,
};

/// Something the interviewer says.
#[derive(Debug, Clone)]
pub enum Say {
    /// The opening line.
    Welcome {
        /// The session id.
        id: String,
        /// Questions planned.
        count: usize,
        /// Tier mode.
        mode: &'static str,
        /// Timed or not.
        timed: bool,
        /// Continuing a saved session.
        resumed: bool,
        /// Questions already done.
        done: usize,
    },
    /// A question.
    Ask(Ask),
    /// A follow-up question.
    FollowUp {
        /// The question number.
        n: usize,
        /// The follow-up.
        ask: FollowUpAsk,
    },
    /// The verdict on an answer, as much as the candidate may see.
    Graded(Verdict),
    /// The verdict on a follow-up answer.
    Recovery(Recovery),
    /// The answer to `/hint`.
    Hint(HintReply),
    /// The answer to `/skip`.
    Skipped(Skip),
    /// `/skip` (or `/hint`) with nothing being asked.
    NotAsking,
    /// The answer to `/time`.
    Time(TimeView),
    /// The answer to `/model`.
    Model(Option<(usize, String)>),
    /// The answer to `/score`.
    Score(Box<Report>),
    /// The answer to `/help`.
    Help,
    /// The answer to `/topics`.
    Topics(Vec<TopicCount>),
    /// An unknown command, with the nearest known one.
    Unknown {
        /// What was typed.
        name: String,
        /// The nearest command.
        suggestion: Option<&'static str>,
    },
    /// An empty answer was submitted.
    Empty,
    /// The answer was not graded (too long, or the grader failed); it can be sent again.
    Rejected(String),
    /// A warning from the session (the journal could not be written...).
    Notice(String),
    /// The interview is over.
    Done {
        /// Why it ended, or `None` when it was left to resume.
        reason: Option<EndReason>,
        /// The report.
        report: Box<Report>,
        /// Whether the journal holds every answer.
        saved: bool,
    },
}

/// What handling an action produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// What to say.
    pub says: Vec<Say>,
    /// Whether the interview is over.
    pub stop: bool,
    /// Whether the answer typed before a command is kept.
    pub keep_draft: bool,
}

impl Outcome {
    /// Says one thing and goes on, keeping the draft.
    pub fn say(say: Say) -> Self {
        Outcome {
            says: vec![say],
            stop: false,
            keep_draft: true,
        }
    }
}

/// An interview driven by typed actions.
pub struct Interview<'b> {
    session: Session<'b>,
}

impl<'b> Interview<'b> {
    /// Wraps a started or resumed session.
    pub fn new(session: Session<'b>) -> Self {
        Self { session }
    }

    /// The session.
    pub fn session(&self) -> &Session<'b> {
        &self.session
    }

    /// The opening: welcome and the first (or current) question.
    pub fn begin(&mut self, resumed: bool) -> Result<Outcome, SessionError> {
        let state = self.session.state();
        let welcome = Say::Welcome {
            id: state.id.clone(),
            count: state.plan.count,
            mode: state.plan.mode(),
            timed: state.plan.timed,
            resumed,
            done: state.done_turns().count(),
        };
        let mut outcome = Outcome::say(welcome);
        let events = self.session.begin()?;
        self.tell(&mut outcome, events);
        Ok(outcome)
    }

    /// The closing words, with the report as the session stands.
    fn done(&self, reason: Option<EndReason>) -> Say {
        Say::Done {
            reason,
            report: Box::new(Report::new(self.session.state())),
            saved: self.session.saved(),
        }
    }

    /// Turns the session's events into what the interviewer says.
    fn tell(&self, outcome: &mut Outcome, events: Vec<Event>) {
        for event in events {
            let say = match event {
                Event::Asked(ask) => Say::Ask(ask),
                Event::Graded(verdict) => Say::Graded(verdict),
                Event::FollowUp { n, ask } => Say::FollowUp { n, ask },
                Event::Recovered(recovery) => Say::Recovery(recovery),
                Event::Skipped(skip) => Say::Skipped(skip),
                Event::Empty => Say::Empty,
                Event::Refused(why) | Event::GraderFailed(why) => {
                    outcome.keep_draft = true;
                    Say::Rejected(why)
                }
                Event::Notice(text) => Say::Notice(text),
                Event::Ended(reason) => {
                    outcome.stop = true;
                    self.done(Some(reason))
                }
            };
            outcome.says.push(say);
        }
    }

    /// Submits an answer.
    pub fn submit(&mut self, text: &str) -> Result<Outcome, SessionError> {
        let events = self.session.submit(text)?;
        let mut outcome = Outcome::default();
        self.tell(&mut outcome, events);
        Ok(outcome)
    }

    /// `/hint`.
    pub fn hint(&mut self) -> Result<Outcome, SessionError> {
        let say = match self.session.hint()? {
            HintReply::NotAsking => Say::NotAsking,
            reply => Say::Hint(reply),
        };
        Ok(Outcome::say(say))
    }

    /// `/skip`.
    pub fn skip(&mut self) -> Result<Outcome, SessionError> {
        let events = self.session.skip()?;
        if events.is_empty() {
            return Ok(Outcome::say(Say::NotAsking));
        }
        let mut outcome = Outcome::default();
        self.tell(&mut outcome, events);
        Ok(outcome)
    }

    /// `/repeat`.
    pub fn repeat(&mut self) -> Outcome {
        match self.session.current() {
            Some(Event::Asked(ask)) => Outcome::say(Say::Ask(ask)),
            Some(Event::FollowUp { n, ask }) => Outcome::say(Say::FollowUp { n, ask }),
            _ => Outcome::default(),
        }
    }

    /// `/time`.
    pub fn time(&self) -> Outcome {
        Outcome::say(Say::Time(self.session.time()))
    }

    /// `/topics`.
    pub fn topics(&self) -> Outcome {
        Outcome::say(Say::Topics(self.session.topics()))
    }

    /// `/model`.
    pub fn model(&self) -> Outcome {
        Outcome::say(Say::Model(self.session.model_answer()))
    }

    /// `/score`.
    pub fn score(&self) -> Outcome {
        Outcome::say(Say::Score(Box::new(Report::new(self.session.state()))))
    }

    /// `/quit`: ends the session with the report; `grill resume ID` reopens it.
    pub fn quit(&mut self) -> Result<Outcome, SessionError> {
        let events = self.session.quit()?;
        let mut outcome = Outcome::default();
        self.tell(&mut outcome, events);
        Ok(outcome)
    }

    /// Ctrl-D or the end of piped input: everything is journaled already; the session stays
    /// resumable and the report so far is shown.
    pub fn leave(&mut self) -> Outcome {
        Outcome {
            says: vec![self.done(self.session.state().finished)],
            stop: true,
            keep_draft: false,
        }
    }

    /// Where time stands, for the prompt and the timer.
    pub fn time_view(&self) -> TimeView {
        self.session.time()
    }

    /// Tells the clock a line of input was read.
    pub fn on_input(&self) {
        self.session.clock().on_input();
    }
}
