//! The REPL's pure core: takes what the candidate did and returns what the interviewer says, as
//! data. No terminal here; the view renders, the loop prints.

use crate::report::Report;
use crate::session::record::{EndReason, FollowUpAsk};
use crate::session::{
    Ask, Feedback, HintReply, Next, Recovery, Reply, Session, SessionError, SkipReply, TimeView,
};

use super::commands;
use super::input::Action;

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
    /// The verdict on an answer.
    Feedback(Box<Feedback>),
    /// The verdict on a follow-up answer.
    Recovery(Recovery),
    /// The answer to `/hint`.
    Hint(HintReply),
    /// The answer to `/skip`.
    Skipped(SkipReply),
    /// The answer to `/time`.
    Time(TimeView),
    /// The answer to `/model`.
    Model(Option<(usize, String)>),
    /// The answer to `/score`.
    Score(Box<Report>),
    /// The answer to `/help`.
    Help,
    /// An unknown command, with the nearest known one.
    Unknown {
        /// What was typed.
        name: String,
        /// The nearest command.
        suggestion: Option<&'static str>,
    },
    /// An empty answer was submitted.
    Empty,
    /// The scorer refused the answer.
    Rejected(String),
    /// A warning from the session (the journal could not be written...).
    Notice(String),
    /// The interview is over.
    Done {
        /// Why it ended, or `None` when it was left to resume.
        reason: Option<EndReason>,
        /// The report.
        report: Box<Report>,
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
            mode: state.plan.tier.as_str(),
            timed: state.plan.timed,
            resumed,
            done: state.done_turns().count(),
        };
        let mut outcome = Outcome::say(welcome);
        self.ask_next(&mut outcome)?;
        Ok(outcome)
    }

    fn notices(&mut self, outcome: &mut Outcome) {
        outcome
            .says
            .extend(self.session.take_notices().into_iter().map(Say::Notice));
    }

    /// The closing words, with the report as the session stands.
    fn done(&self, reason: Option<EndReason>) -> Say {
        Say::Done {
            reason,
            report: Box::new(Report::new(self.session.state())),
        }
    }

    /// Asks what comes next, or ends with the report.
    fn ask_next(&mut self, outcome: &mut Outcome) -> Result<(), SessionError> {
        let next = self.session.advance()?;
        self.notices(outcome);
        match next {
            Next::Question(ask) => outcome.says.push(Say::Ask(ask)),
            Next::FollowUp { n, ask } => outcome.says.push(Say::FollowUp { n, ask }),
            Next::Done(reason) => {
                outcome.says.push(self.done(Some(reason)));
                outcome.stop = true;
            }
        }
        Ok(())
    }

    /// Handles one action.
    pub fn handle(&mut self, action: &Action) -> Result<Outcome, SessionError> {
        match action {
            Action::Nothing => Ok(Outcome {
                keep_draft: true,
                ..Outcome::default()
            }),
            Action::Submit(text) => self.submit(text),
            Action::Command { name, arg } => match commands::find(name) {
                Some(command) => (command.run)(self, arg),
                None => Ok(Outcome::say(Say::Unknown {
                    name: name.clone(),
                    suggestion: commands::suggest(name),
                })),
            },
        }
    }

    fn submit(&mut self, text: &str) -> Result<Outcome, SessionError> {
        let reply = self.session.answer(text)?;
        let mut outcome = Outcome::default();
        self.notices(&mut outcome);
        match reply {
            Reply::Empty => {
                outcome.says.push(Say::Empty);
                return Ok(outcome);
            }
            Reply::Rejected(why) => {
                outcome.says.push(Say::Rejected(why));
                outcome.keep_draft = true;
                return Ok(outcome);
            }
            Reply::NotAsking => {}
            Reply::Feedback(feedback) => outcome.says.push(Say::Feedback(feedback)),
            Reply::Recovery(recovery) => outcome.says.push(Say::Recovery(recovery)),
        }
        self.ask_next(&mut outcome)?;
        Ok(outcome)
    }

    /// `/hint`.
    pub fn hint(&mut self) -> Result<Outcome, SessionError> {
        let reply = self.session.hint()?;
        let mut outcome = Outcome::say(Say::Hint(reply));
        self.notices(&mut outcome);
        Ok(outcome)
    }

    /// `/skip`.
    pub fn skip(&mut self) -> Result<Outcome, SessionError> {
        let reply = self.session.skip()?;
        let mut outcome = Outcome::say(Say::Skipped(reply));
        outcome.keep_draft = false;
        self.notices(&mut outcome);
        self.ask_next(&mut outcome)?;
        Ok(outcome)
    }

    /// `/repeat`.
    pub fn repeat(&mut self) -> Outcome {
        match self.session.current() {
            Some(Next::Question(ask)) => Outcome::say(Say::Ask(ask)),
            Some(Next::FollowUp { n, ask }) => Outcome::say(Say::FollowUp { n, ask }),
            _ => Outcome::default(),
        }
    }

    /// `/time`.
    pub fn time(&self) -> Outcome {
        Outcome::say(Say::Time(self.session.time()))
    }

    /// `/model`.
    pub fn model(&self) -> Outcome {
        Outcome::say(Say::Model(self.session.model_answer()))
    }

    /// `/score`.
    pub fn score(&self) -> Outcome {
        Outcome::say(Say::Score(Box::new(Report::new(self.session.state()))))
    }

    /// `/quit`: ends the session for good, with the report.
    pub fn quit(&mut self) -> Result<Outcome, SessionError> {
        self.session.finish(EndReason::Quit)?;
        let mut outcome = Outcome::default();
        self.notices(&mut outcome);
        outcome.says.push(self.done(Some(EndReason::Quit)));
        outcome.stop = true;
        Ok(outcome)
    }

    /// Ctrl-D or the end of piped input: everything is saved already; the session stays
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
