"""A tiny corpus of short text messages, written for The ML Engineer Handbook.

The 100 messages below (36 spam, 64 legitimate, "ham") were written by hand
for the handbook's naive Bayes example; they are not taken from any real
inbox, and any resemblance to real senders is accidental. They imitate the
patterns of real SMS spam: prizes, urgency, money, links and reply codes,
while some legitimate messages use the same words ("free", "call", "win") so
that the classes overlap, as they do in real mail.

Use ``load_messages()`` to get them as a DataFrame. The order is fixed, so
any split with a fixed ``random_state`` is reproducible.
"""

from __future__ import annotations

import pandas as pd

SPAM = [
    "Congratulations! You have won a $1000 gift card. Claim now at prize-center.example",
    "URGENT: your account has been suspended. Verify your details at secure-login.example",
    "You are a WINNER! Reply YES to claim your free cruise for two",
    "Free entry in our weekly draw to win a new phone. Text WIN to 80080",
    "Your package could not be delivered. Pay the $1.99 fee at parcel-track.example",
    "Get cash fast! Loans approved in minutes, no credit check. Call now",
    "Exclusive offer: 90% off designer watches today only. Click the link to buy",
    "You have been selected for a free vacation. Call 0800 555 0199 to claim",
    "Final notice: claim your unpaid tax refund of $320 now at refund-portal.example",
    "Win a brand new car! Text CAR to 80080 now. Entry is free",
    "Hot singles in your area want to meet you. Click here now",
    "Your bank card has been locked. Call 0800 555 0142 immediately to unlock",
    "Earn $500 a day working from home. No experience needed. Reply INFO",
    "Congratulations, your number was drawn in our prize draw! Call now to claim your cash prize",
    "Limited time: claim your free bonus credit now before it expires tonight",
    "You have 1 unclaimed reward waiting. Click the link to claim it before midnight",
    "Lose 10 kg in 10 days with this one trick. Order your free trial now",
    "Your subscription will renew at $89. To cancel call 0800 555 0110 now",
    "Cheap meds online, no prescription needed. Order today and save 80%",
    "You won our monthly lottery! Send your bank details to receive your cash prize",
    "Urgent! Your mobile number has won $2000. Call 0800 555 0177 to claim",
    "Double your crypto in 24 hours, guaranteed returns. Join now at coin-boost.example",
    "Free ringtones! Text TONE to 80080 to get your free tones every week",
    "Act now: your loan of $5000 is pre-approved. Reply YES to receive cash today",
    "Dear customer, your account shows unusual activity. Verify now at account-check.example",
    "Claim your free gift card today! Limited offer, click the link now",
    "We tried to reach you about your car warranty. Call now before your cover expires",
    "You are today's lucky winner of a free tablet. Reply CLAIM to get your prize",
    "Make money fast with our proven system. Click the link and start earning today",
    "Your reward points expire today! Redeem now for cash at points-club.example",
    "Investment opportunity: guaranteed 30% returns each month. Call our team now",
    "FREE MSG: you have won a shopping voucher worth $500. Text VOUCHER to 80080",
    "Last chance to claim your prize! Reply WIN now or lose it forever",
    "Get a free phone upgrade today! Call 0800 555 0133 to claim your new phone",
    "Congratulations! You qualify for a cash bonus. Claim it now at bonus-now.example",
    "Urgent: confirm your delivery address now or your parcel will be returned",
]

HAM = [
    "Are you free for lunch tomorrow?",
    "Running ten minutes late, save me a seat",
    "Can you pick up milk on the way home?",
    "Call me when you land so I know you got in safely",
    "Thanks for dinner last night, it was lovely",
    "The meeting moved to 3pm, same room",
    "Happy birthday! Hope you have a great day",
    "Did you see the game last night? What a finish",
    "I left my keys at your place, can I come by later?",
    "Mom says dinner is at 7 on Sunday",
    "Can you send me the slides from today's meeting?",
    "Good luck with the interview tomorrow, you will do great",
    "The plumber is coming between 9 and 11",
    "We won the match 3 to 1! Drinks later?",
    "Is the office open on Monday or is it a holiday?",
    "I'll call you back after my train gets in",
    "Don't forget the dentist appointment on Thursday",
    "Let me know when you are free to talk about the project",
    "The kids loved the zoo, thanks for the tickets",
    "Can we move our call to Friday morning?",
    "Grabbing coffee, want anything?",
    "The report is done, I sent it to your email",
    "Sorry I missed your call, driving now",
    "Dinner is in the oven, home by 6",
    "Who is bringing the cake for Sarah's party?",
    "Just landed, taking a taxi to the hotel",
    "The library book is due back tomorrow",
    "Can you water the plants while I'm away?",
    "Our flight is delayed by two hours, ugh",
    "See you at the gym at 6?",
    "I booked the table for four at 8pm",
    "Thanks for the help with the move today",
    "Your order from the bakery is ready for pickup",
    "Did you finish the book? No spoilers please",
    "Let's catch up this weekend, it's been ages",
    "The car is making that noise again, can you take a look?",
    "Meeting notes are in the shared folder",
    "I'm at the store, do we need anything else?",
    "Feel better soon, let me know if you need soup",
    "Can you call the landlord about the heating?",
    "Great presentation today, the client loved it",
    "Traffic is terrible, I'll be there in 20",
    "The free concert in the park starts at 7, want to go?",
    "Remember to bring your passport for the trip",
    "I sent you the photos from the wedding",
    "Practice is cancelled tonight because of the rain",
    "Can you lend me your ladder this weekend?",
    "The new schedule is posted on the fridge",
    "How was your first day at the new job?",
    "I'll be working from home tomorrow",
    "Your prescription is ready at the pharmacy",
    "We need to pick a date for the team offsite",
    "Just checking in, how is your dad doing?",
    "Thanks, got the cash for the concert tickets",
    "The cat knocked over the plant again",
    "Can you review my pull request when you have a minute?",
    "Lunch was great, we should go there again",
    "Please call the school, they left a message about the trip",
    "I won't make it tonight, something came up",
    "Text me the address and I'll meet you there",
    "Your appointment with Dr. Lee is confirmed for Tuesday at 10",
    "Winner of the office quiz gets to pick the next lunch spot",
    "Reminder: rent is due on the first",
    "We're out of coffee again, can you get some?",
]


def load_messages() -> pd.DataFrame:
    """Return the corpus as a DataFrame with columns ``text`` and ``label`` ("spam" or "ham")."""
    rows = [(text, "spam") for text in SPAM] + [(text, "ham") for text in HAM]
    return pd.DataFrame(rows, columns=["text", "label"])
